-- Shared by the wrk workloads: distinct random seeds per thread, and a done() that prints
-- one machine-readable line for bench/parse.py.
--
-- wrk runs the script once in the main Lua state (setup, done) and once per thread (init,
-- request): the thread index handed over in setup() is the only way to tell threads apart.

local thread_count = 0

-- With authentication on (the service's default), every request carries the bench client's
-- token; wrk.format adds wrk.headers to each request the workloads format in init().
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
end

-- Seeds differ per thread and per run, so two threads never send the same pair sequence.
function seed_random()
  math.randomseed(os.time() * 1000 + (thread_index or 0) * 7919)
end

-- wrk counts a response outside 2xx/3xx in summary.errors.status (its "Non-2xx or 3xx
-- responses" line); the service never answers 3xx, so that count is the non-2xx count.
-- Latencies are in microseconds in wrk; reported in milliseconds.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests":%d,"duration_s":%.3f,"non2xx":%d,"socket_errors":%d,' ..
    '"timeouts":%d,"latency_ms_p50":%.3f,"latency_ms_p90":%.3f,"latency_ms_p99":%.3f,' ..
    '"latency_ms_max":%.3f,"latency_ms_mean":%.3f}\n',
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, latency.mean / 1e3))
end
