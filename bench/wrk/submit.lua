-- wrk script: files incident reports as fast as the node takes them.
--
--   ACCORD_TOKEN=<bearer token of a state or operator> \
--     wrk -t2 -c16 -d30s --latency -s bench/wrk/submit.lua http://127.0.0.1:8080
--
-- Each request POSTs {"report": {...}} to /v1/reports, where the report is a
-- demo report (docs/incident-report.md) with a fresh "incident-report--<UUID
-- v4>" id, so that every request files a new report rather than a duplicate.
-- A filed report is answered 201; done() prints how many answers were
-- anything else, by status, with the start of the first such body, then
-- the latency percentiles.
--
-- Environment:
--   ACCORD_TOKEN            bearer token (required)
--   ACCORD_REPORT_TEMPLATE  report to copy (default: data/demo/2015-12-ukraine-
--                           power-grid.json next to this script's repository)
--   ACCORD_SUBMIT_PATH      request path (default /v1/reports)
--   ACCORD_PRINT_BODY=1     print the first request body of each thread to
--                           stderr, to check what is sent

-- wrk prints an error raised while loading the script and then benchmarks
-- plain GET / anyway, which would pass for a result: stop the process instead.
local function fail(message)
  io.stderr:write("submit.lua: ", message, "\n")
  os.exit(2)
end

local tally = dofile((debug.getinfo(1, "S").source:match("^@(.*/)[^/]*$") or "./") .. "tally.lua")

local token = os.getenv("ACCORD_TOKEN")
if token == nil or token == "" then
  fail("set ACCORD_TOKEN to the bearer token of a state or operator")
end
local submit_path = os.getenv("ACCORD_SUBMIT_PATH") or "/v1/reports"
local expected_status = 201

-- The repository root, from this script's own path (bench/wrk/submit.lua).
local function repository_root()
  local source = debug.getinfo(1, "S").source
  local directory = source:match("^@(.*)/bench/wrk/[^/]*$")
  if directory == nil or directory == "" then
    local script_dir = source:match("^@(.*)/[^/]*$")
    directory = (script_dir or ".") .. "/../.."
  end
  return directory
end

local function read_file(path)
  local file, message = io.open(path, "rb")
  if file == nil then fail("cannot read report template: " .. message) end
  local text = file:read("*a")
  file:close()
  return text
end

local template_path = os.getenv("ACCORD_REPORT_TEMPLATE")
  or (repository_root() .. "/data/demo/2015-12-ukraine-power-grid.json")
local template = read_file(template_path)

-- Split the template around its id so that each request only concatenates.
local id_pattern = '"id"%s*:%s*"incident%-report%-%-[%x%-]+"'
local id_start, id_end = template:find(id_pattern)
if id_start == nil then
  fail(template_path .. ": no \"id\": \"incident-report--<uuid>\" member")
end
if template:find(id_pattern, id_end + 1) ~= nil then
  fail(template_path .. ": more than one incident-report id; use a single report")
end
local body_before_id = '{"report": ' .. template:sub(1, id_start - 1) .. '"id": "incident-report--'
local body_after_id = '"' .. (template:sub(id_end + 1):gsub("%s+$", "")) .. '}'

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

-- Main state: number the threads and keep them for done().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

-- Thread state from here on.
local sequence = 0
local print_body = os.getenv("ACCORD_PRINT_BODY") == "1"

function init(args)
  -- Seeding with the thread id gives each thread its own sequence; the time
  -- makes runs differ. The thread id and a counter are also written into
  -- the UUID's last group, so that ids never collide between threads of a
  -- run whatever the generator does (the rest stays random).
  math.randomseed(os.time() * 1000 + thread_id)
  for _ = 1, 10 do math.random() end  -- the first values after seeding are close together
end

local function hex(digits)
  return string.format("%0" .. digits .. "x", math.random(0, 16 ^ digits - 1))
end

-- A UUID v4 string (RFC 9562 section 5.4): version nibble 4, variant 10xx.
local function uuid_v4()
  sequence = sequence + 1
  local variant = string.format("%x", 8 + math.random(0, 3))
  return hex(4) .. hex(4) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" .. variant .. hex(3) .. "-"
    .. string.format("%04x%08x", thread_id % 0x10000, sequence % 0x100000000)
end

function request()
  local body = body_before_id .. uuid_v4() .. body_after_id
  if print_body and sequence == 1 then
    io.stderr:write("submit.lua: thread ", thread_id, " first body:\n", body, "\n")
  end
  return wrk.format(nil, submit_path, nil, body)
end

response = tally.counter(expected_status)

function done(summary, latency, requests)
  tally.report(threads, summary, latency, expected_status)
end
