-- wrk script of heap.sh: spreads the requests over the routes of the benchmark rules, among them
-- shadow routes whose shadow side is dead or 300 ms slow and two whose modern side fails, with
-- users from a pool of 100000.
local paths = { "/api/canary/items/", "/api/shadow/items/", "/api/dead-shadow/items/",
  "/api/slow-shadow/items/", "/api/failing/items/", "/api/dead-modern/items/", "/other/" }
local counter = 0

request = function()
  counter = counter + 1
  local user = counter % 100000
  return wrk.format("GET", paths[(counter % #paths) + 1] .. user, { ["X-User-Id"] = "user-" .. user })
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
