-- wrk script for bench/load.py: prints one JSON line with the counts and the latency
-- percentiles (microseconds).
-- One page: stops each thread after LOAD_MAX_REQUESTS responses.
-- (The realistic mix with think time is bench/mix.py.)
local limit = tonumber(os.getenv("LOAD_MAX_REQUESTS") or "0")
local count = 0

function response(status, headers, body)
  count = count + 1
  if limit > 0 and count >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
