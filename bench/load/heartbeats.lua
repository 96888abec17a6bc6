-- wrk script for bench/load/ceiling.sh: wire-protocol-v1 heartbeats from an enrolled fleet.
--   [UPTALLY_WRK_RATE=R] wrk -tT -cC -d15s -s heartbeats.lua URL -- FLEET.lua MODE BOOT_MS DAY T C
-- FLEET.lua: written by dev.uptally.bench.load.WrkFleet ({id=…, token=…} per device).
-- MODE live: one sample taken now, with health, per request (what an agent sends every 30 s).
-- MODE replay: 1000 consecutive samples 1 s apart, each with health, per request (a spool replay after an outage), starting on
--   day DAY (1 = 31 days ago, each round the next day) so that times and seqs only move forward.
-- Each wrk thread owns every Nth device, so one device's requests never overtake each other unless the fleet
-- is smaller than the connections (ceiling.sh refuses that). Seqs start at the round's start time in seconds
-- times 100000, above anything an earlier round of the same run sent.
-- T and C repeat wrk's -t and -c (a thread's script cannot see them).
-- UPTALLY_WRK_RATE (optional, requests/s for the whole run) paces each connection with wrk's delay(): closed
-- loop, so it sets an upper bound on the rate, and latency is measured from send. It is read when the script
-- loads because wrk decides then whether there is a delay() at all.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_usec; } uptally_timeval;
int gettimeofday(uptally_timeval *tv, void *tz);
]]
local tv = ffi.new("uptally_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + math.floor(tonumber(tv.tv_usec) / 1000)
end

local counter = 0
function setup(thread)
  thread:set("tid", counter) -- a global in that thread's script
  counter = counter + 1
end

RATE = tonumber(os.getenv("UPTALLY_WRK_RATE") or "0")

local devices, mine, next_i, seqs
local mode, boot_ms, day_start_ms, delay_ms, round_base
local DAY_MS = 86400000

function init(args)
  local fleet = dofile(args[1])
  mode = args[2] or "live"
  boot_ms = tonumber(args[3])
  local day = tonumber(args[4] or "1")
  local nthreads = tonumber(args[5])
  local conns = tonumber(args[6])
  if mode ~= "live" and mode ~= "replay" then error("MODE must be live or replay, got " .. tostring(mode)) end
  if boot_ms == nil or nthreads == nil or conns == nil then error("usage: -- FLEET MODE BOOT_MS DAY THREADS CONNS") end
  mine = {}
  for i = 1, #fleet do
    if (i - 1) % nthreads == tid then table.insert(mine, fleet[i]) end
  end
  next_i = 0
  seqs = {}
  round_base = math.floor(now_ms() / 1000) * 100000
  for i = 1, #mine do seqs[i] = round_base end
  day_start_ms = boot_ms + DAY_MS + (day - 1) * DAY_MS
  if RATE > 0 then
    delay_ms = math.floor(conns / RATE * 1000 + 0.5) -- per connection: conns share the rate
  end
end

local HEALTH = '{"cpu":{"usage":0.23,"load1":0.92,"temperatureC":52.5},'
  .. '"memory":{"totalBytes":8589934592,"availableBytes":3221225472,"swapTotalBytes":2147483648,"swapUsedBytes":0},'
  .. '"disks":[{"mount":"/","totalBytes":512000000000,"freeBytes":200000000000}],'
  .. '"battery":null,"fansRpm":[1800],"onBattery":false}'

local function sample(seq, time, health)
  return string.format('{"seq":%d,"time":%d,"bootTime":%d,"event":null,"health":%s,"inventory":null}',
    seq, time, boot_ms, health)
end

function request()
  next_i = next_i % #mine + 1
  local d = mine[next_i]
  local now = now_ms()
  local parts
  if mode == "live" then
    seqs[next_i] = seqs[next_i] + 1
    parts = sample(seqs[next_i], now, HEALTH)
  else
    local buf = {}
    local base = seqs[next_i]
    for k = 1, 1000 do
      local seq = base + k
      buf[k] = sample(seq, day_start_ms + (seq - round_base) * 1000, HEALTH)
    end
    seqs[next_i] = base + 1000
    parts = table.concat(buf, ",")
  end
  local body = '{"deviceId":"' .. d.id .. '","sentAt":' .. now .. ',"samples":[' .. parts .. ']}'
  return wrk.format("POST", "/v1/heartbeats", {
    ["Authorization"] = "Bearer " .. d.token,
    ["Content-Type"] = "application/json",
  }, body)
end

if RATE > 0 then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"durationMicros":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,'
      .. '"statusErrors":%d,"timeouts":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
