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

local token = os.getenv("ACCORD_TOKEN")
if token ~= nil and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
wrk.method = "GET"

-- Main state: number the threads and keep them for done().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

-- Thread state from here on. The counters are globals because done() reads
-- them from the main state with thread:get, which sees only globals.
unexpected = 0
by_status = {}
first_unexpected_body = nil
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

function response(status, headers, body)
  if status ~= expected_status then
    unexpected = unexpected + 1
    by_status[status] = (by_status[status] or 0) + 1
    if first_unexpected_body == nil then first_unexpected_body = body:sub(1, 300) end
  end
end

function done(summary, latency, requests)
  local total_unexpected = 0
  local statuses = {}
  local sample = nil
  for _, thread in ipairs(threads) do
    total_unexpected = total_unexpected + (thread:get("unexpected") or 0)
    for status, count in pairs(thread:get("by_status") or {}) do
      statuses[status] = (statuses[status] or 0) + count
    end
    sample = sample or thread:get("first_unexpected_body")
  end
  local seconds = summary.duration / 1e6
  io.write("------------------------------------------------------------\n")
  io.write(string.format("paths         %d, round robin\n", #paths))
  io.write(string.format("requests      %d in %.2f s (%.1f/s)\n", summary.requests, seconds,
    summary.requests / seconds))
  io.write(string.format("socket errors connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("not %d       %d\n", expected_status, total_unexpected))
  for status, count in pairs(statuses) do
    io.write(string.format("  status %d: %d\n", status, count))
  end
  if sample ~= nil then io.write("  first such body: ", sample, "\n") end
  io.write("latency (ms)  ")
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.2f  ", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("max %.2f\n", latency.max / 1000))
end
