-- wrk script for bench/load.py: prints one JSON line with the counts and the latency
-- percentiles (microseconds).
-- One page: stops each thread after LOAD_MAX_REQUESTS responses.
-- The realistic mix (LOAD_MIX_FILE set): every connection is one simulated user who waits a
-- think time (LOAD_THINK_MIN_MS..LOAD_THINK_MAX_MS) before each request and picks it from the
-- weighted list in LOAD_MIX_FILE (lines: weight, method, path, cookie, body; tab-separated).
local limit = tonumber(os.getenv("LOAD_MAX_REQUESTS") or "0")
local mix_file = os.getenv("LOAD_MIX_FILE")
local count = 0

if mix_file then
  local think_min = tonumber(os.getenv("LOAD_THINK_MIN_MS") or "1000")
  local think_max = tonumber(os.getenv("LOAD_THINK_MAX_MS") or "5000")
  local mix = {}
  local total = 0

  function init(args)
    math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
    for line in io.lines(mix_file) do
      local w, method, path, cookie, body = line:match("^(%d+)\t(%u+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
      local headers = {}
      if cookie ~= "" then
        headers["Cookie"] = cookie
        local token = cookie:match("csrftoken=(%w+)")
        if token then headers["X-CSRFToken"] = token end
      end
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      total = total + tonumber(w)
      table.insert(mix, {upto = total, req = wrk.format(method, path, headers, body ~= "" and body or nil)})
    end
  end

  function request()
    local r = math.random() * total
    for _, item in ipairs(mix) do
      if r <= item.upto then return item.req end
    end
    return mix[#mix].req
  end

  function delay()
    return math.random(think_min, think_max)
  end
else
  function response(status, headers, body)
    count = count + 1
    if limit > 0 and count >= limit then
      wrk.thread:stop()
    end
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
