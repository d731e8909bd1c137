-- One benchmark phase for wrk: each thread is one signed-in client with its own
-- session cookie, requesting paths drawn from its own list (written by http_bench.py).
-- Started as: wrk -t N -c N -d SECONDS -s wrk_phase.lua URL -- <dir>
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local dir = args[1]
  cookie = io.open(dir .. "/cookie_" .. id .. ".txt"):read("*l")
  paths = {}
  for line in io.lines(dir .. "/paths_" .. id .. ".txt") do
    table.insert(paths, line)
  end
  n = 0
end

function request()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "non_2xx": %d, "socket_errors": %d, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "seconds": %.2f}\n',
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.duration / 1e6))
end
