-- wrk script: replays pre-signed requests from a file (see signed_requests.py).
-- Arguments after `--`: FILE NTHREADS [ACK_DIR]. Each wrk thread takes every n-th line, so no two
-- threads send the same mention. With ACK_DIR, every acknowledged Riposte id is appended to
-- ACK_DIR/acks-<thread>.txt as soon as it arrives (used by the crash test).
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local requests = {}
local position = 0
local acks = nil

function init(args)
  local path = args[1]
  local total = tonumber(args[2] or "1") or 1
  local n = 0
  for line in io.lines(path) do
    if n % total == tid then
      local id, ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", "/v1/mentions", {
        ["Content-Type"] = "application/json",
        ["webhook-id"] = id, ["webhook-timestamp"] = ts, ["webhook-signature"] = sig,
      }, body)
    end
    n = n + 1
  end
  if args[3] then
    acks = io.open(args[3] .. "/acks-" .. tid .. ".txt", "a")
    -- Defined only when needed: parsing every response in Lua slows wrk down.
    response = function(status, headers, body)
      if status == 202 then
        for id in body:gmatch('"id":"([0-9A-Z]+)"') do acks:write(id, "\n") end
        acks:flush()
      end
    end
  end
end

function request()
  position = position + 1
  if position > #requests then position = 1 end
  return requests[position]
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors))
end
