-- bench/failure/run.sh overload: mixed reads and writes on ten hot heroes, GET 50%, PATCH 25%, POST 25%.
local json = { ["Content-Type"] = "application/json" }
request = function()
  local r = math.random(100)
  local id = math.random(1, 10)
  if r <= 50 then return wrk.format("GET", "/heroes/" .. id) end
  if r <= 75 then return wrk.format("PATCH", "/heroes/" .. id, json, '{"age": ' .. math.random(1, 99) .. '}') end
  return wrk.format("POST", "/heroes/", json, '{"name": "Hot", "secret_name": "s", "age": 1}')
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx %d, timeouts %d, connect errors %d, read errors %d\n",
    summary.requests, summary.errors.status, summary.errors.timeout, summary.errors.connect, summary.errors.read))
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", latency:percentile(50)/1000,
    latency:percentile(90)/1000, latency:percentile(99)/1000, latency.max/1000))
end
