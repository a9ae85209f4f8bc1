-- wrk script for one screen of the load benchmark (`manage.py run_bench`).
--
--   wrk -c 16 -t 2 -d 20s -s bench/screen.lua http://127.0.0.1:PORT -- requests.lua
--
-- requests.lua (written by vk/volume/bench.py) returns a list of requests
-- {method=, path=, headers={...}, body=}; every connection thread rotates over the list,
-- each from its own starting point. Every answer other than 200 is counted (a 302 to the
-- login page is a broken session, not a fast page). done() prints one line
-- "wrk-json: {...}" that run_bench parses; times are in microseconds.

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_number", thread_count)
   table.insert(threads, thread)
end

function init(args)
   local list = dofile(args[1])
   formatted = {}
   for i, r in ipairs(list) do
      formatted[i] = wrk.format(r.method, r.path, r.headers, r.body)
   end
   -- Spread the threads over the list so that they do not ask the same page in step.
   position = ((thread_number - 1) * 7) % #formatted
   not_200 = 0
end

function request()
   position = position % #formatted + 1
   return formatted[position]
end

function response(status, headers, body)
   if status ~= 200 then
      not_200 = not_200 + 1
   end
end

function done(summary, latency, requests)
   local not_200_total = 0
   for _, thread in ipairs(threads) do
      not_200_total = not_200_total + (thread:get("not_200") or 0)
   end
   local errors = summary.errors
   io.write(string.format(
      'wrk-json: {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"latency_us": {"p50": %.0f, "p95": %.0f, "p99": %.0f, "max": %.0f, "mean": %.1f}, '
         .. '"not_200": %d, "status_errors": %d, '
         .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, latency.mean,
      not_200_total, errors.status,
      errors.connect, errors.read, errors.write, errors.timeout
   ))
end
