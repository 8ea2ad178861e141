-- wrk script: reads a fixed set of paths from the node, round robin.
--
--   ACCORD_READ_PATHS_FILE=paths.txt \
--     wrk -t2 -c16 -d30s --latency -s bench/wrk/read.lua http://127.0.0.1:8080
--
-- paths.txt holds one request path per line ("/v1/reports?limit=50",
-- "/checkpoint", "/tile/0/000", ...); blank lines and lines starting with
-- '#' are skipped. Each thread starts at its own offset in the list, so
-- that threads do not ask for the same path at the same time. Every answer
-- is expected to be 200; done() prints how many were anything else, by
-- status, with the start of the first such body, then the latency
-- percentiles.
--
-- Environment:
--   ACCORD_READ_PATHS_FILE  the list of paths (required)
--   ACCORD_TOKEN            bearer token to send (optional: reads are public)

-- wrk prints an error raised while loading the script and then benchmarks
-- plain GET / anyway, which would pass for a result: stop the process instead.
local function fail(message)
  io.stderr:write("read.lua: ", message, "\n")
  os.exit(2)
end

local paths_file = os.getenv("ACCORD_READ_PATHS_FILE")
if paths_file == nil or paths_file == "" then
  fail("set ACCORD_READ_PATHS_FILE to a file with one request path per line")
end
local expected_status = 200

local paths = {}
do
  local file, message = io.open(paths_file, "r")
  if file == nil then fail("cannot read the paths file: " .. message) end
  local line_number = 0
  for line in file:lines() do
    line_number = line_number + 1
    line = line:gsub("^%s+", ""):gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      if line:sub(1, 1) ~= "/" or line:find("%s") then
        fail(string.format("%s line %d: %q is not a request path (must start " ..
          "with '/' and hold no spaces)", paths_file, line_number, line))
      end
      table.insert(paths, line)
    end
  end
  file:close()
end
if #paths == 0 then fail(paths_file .. " lists no paths") end

local tally = dofile((debug.getinfo(1, "S").source:match("^@(.*/)[^/]*$") or "./") .. "tally.lua")

local token = os.getenv("ACCORD_TOKEN")
if token ~= nil and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
wrk.method = "GET"

-- Main state: number the threads and keep them for done().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

-- Thread state from here on.
local next_index = 1
local requests = {}

function init(args)
  -- Requests are built once; request() only picks the next one.
  for i, path in ipairs(paths) do requests[i] = wrk.format(nil, path) end
  next_index = ((thread_id - 1) * 7) % #paths + 1
end

function request()
  local built = requests[next_index]
  next_index = next_index % #requests + 1
  return built
end

response = tally.counter(expected_status)

function done(summary, latency, requests)
  tally.report(threads, summary, latency, expected_status,
               {string.format("paths         %d, round robin", #paths)})
end
