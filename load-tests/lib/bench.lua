-- wrk script of bench.sh: the same for every target, so every target gets the same requests.
-- Each request carries X-User-Id from a pool of BENCH_USERS users (default 10000), so that a
-- sticky canary route sends about half of them to each side. At the end one line is printed:
-- RESULT requests duration_us p50_us p90_us p99_us max_us non_2xx_3xx socket_errors

local users = tonumber(os.getenv("BENCH_USERS") or "10000")
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, { ["X-User-Id"] = "user-" .. (counter % users) })
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
