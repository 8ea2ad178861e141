-- What read.lua and submit.lua share: counting the answers that are not
-- the expected status (per wrk thread), and the summary done() prints from
-- them with the latency percentiles. Loaded with dofile by each script.
--
-- The counters are globals of each thread's Lua state because done() reads
-- them from the main state with thread:get, which sees only globals.
local tally = {}

-- A wrk response() function counting answers other than `expected_status`.
function tally.counter(expected_status)
  unexpected = 0
  by_status = {}
  first_unexpected_body = nil
  return function(status, headers, body)
    if status ~= expected_status then
      unexpected = unexpected + 1
      by_status[status] = (by_status[status] or 0) + 1
      if first_unexpected_body == nil then first_unexpected_body = body:sub(1, 300) end
    end
  end
end

-- Prints the summary; `lines` are written after the rule (e.g. the paths).
function tally.report(threads, summary, latency, expected_status, lines)
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
  for _, line in ipairs(lines or {}) do io.write(line, "\n") end
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

return tally
