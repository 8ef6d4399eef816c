-- wrk script for the check-in benchmark: every request is a real scan by a different trainee (or the next
-- kind of scan once every trainee has had one), with the campus's current code and a fresh idempotency key.
-- Data comes from `ieum bench prepare` (IEUM_BENCH_FIXTURE). See scripts/bench-checkin.sh.
local data = dofile(os.getenv("IEUM_BENCH_FIXTURE"))
local kinds = { "check_in", "go_out", "come_back", "check_out" }
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  nthreads = tonumber(os.getenv("IEUM_BENCH_THREADS") or "2")
  run = tostring(os.time())
end

function request()
  local idx = counter * nthreads + tid
  counter = counter + 1
  local n = #data.trainees
  local t = data.trainees[(idx % n) + 1]
  local kind = kinds[(math.floor(idx / n) % 4) + 1]
  -- Two seconds behind the server, so a code is never from a window the server has not reached.
  local window = math.floor((os.time() + data.clock_offset - 2) / data.window)
  local code = data.codes[t[2]][window]
  local body = '{"code":"' .. code .. '","kind":"' .. kind .. '","idempotency_key":"bench-' .. run .. '-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/check-ins", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. t[1],
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
