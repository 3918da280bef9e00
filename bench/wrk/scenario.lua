-- The benchmark's wrk script: one file for every scenario, chosen by the first argument.
--
--   wrk -t2 -c32 -d15s -s bench/wrk/scenario.lua http://127.0.0.1:PORT -- \
--       SCENARIO HERO_MIN HERO_MAX TEAM_MIN TEAM_MAX
--
-- SCENARIO is one of get-hero, list-heroes, get-team, create-hero, patch-hero, mixed. An optional
-- sixth argument names a file of bearer tokens, one per line: every request then carries one, each
-- thread taking its own share of them in turn (one token per connection, as clients hold one each);
-- the seventh is then the number of wrk threads.
-- Ids are drawn uniformly from the seeded ranges, anew for every request.
-- At the end one line "WRKJSON {...}" gives the counts and latency percentiles (microseconds),
-- including the responses whose status was not 2xx, counted by response() in every thread.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_no", #threads)
end

local scenario
local hero_min, hero_max, team_min, team_max, hero_count
-- Globals, not locals: done() reads them from every thread with thread:get().
non2xx = 0
statuses = {}
local json = { ["Content-Type"] = "application/json" }
local created = 0
-- With tokens: this thread's header tables, one per token, taken in turn; without, nil.
local plain_headers, json_headers
local turn = 0

local function headers(list, without)
   if list == nil then
      return without
   end
   turn = turn % #list + 1
   return list[turn]
end

local function get_hero()
   return wrk.format("GET", "/heroes/" .. math.random(hero_min, hero_max), headers(plain_headers, nil))
end

local function list_heroes()
   local offset = math.random(0, math.max(hero_count - 100, 0))
   return wrk.format("GET", "/heroes/?offset=" .. offset .. "&limit=100", headers(plain_headers, nil))
end

local function get_team()
   return wrk.format("GET", "/teams/" .. math.random(team_min, team_max), headers(plain_headers, nil))
end

local function create_hero()
   created = created + 1
   local body = string.format(
      '{"name":"Bench Hero %d-%d","secret_name":"Bench Secret %d-%d","age":%d,"team_id":%d}',
      thread_no, created, thread_no, created, math.random(1, 100), math.random(team_min, team_max))
   return wrk.format("POST", "/heroes/", headers(json_headers, json), body)
end

local function patch_hero()
   local body = string.format('{"age":%d}', math.random(1, 100))
   return wrk.format("PATCH", "/heroes/" .. math.random(hero_min, hero_max), headers(json_headers, json), body)
end

local function mixed()
   local draw = math.random(1, 100)
   if draw <= 70 then
      return get_hero()
   elseif draw <= 80 then
      return list_heroes()
   elseif draw <= 90 then
      return create_hero()
   else
      return patch_hero()
   end
end

local scenarios = {
   ["get-hero"] = get_hero,
   ["list-heroes"] = list_heroes,
   ["get-team"] = get_team,
   ["create-hero"] = create_hero,
   ["patch-hero"] = patch_hero,
   ["mixed"] = mixed,
}

local make_request

function init(args)
   scenario = args[1]
   make_request = scenarios[scenario]
   if make_request == nil then
      error("unknown scenario: " .. tostring(scenario))
   end
   hero_min, hero_max = tonumber(args[2]), tonumber(args[3])
   team_min, team_max = tonumber(args[4]), tonumber(args[5])
   if not (hero_min and hero_max and team_min and team_max) then
      error("usage: -- SCENARIO HERO_MIN HERO_MAX TEAM_MIN TEAM_MAX")
   end
   hero_count = hero_max - hero_min + 1
   if args[6] then
      local all = {}
      for line in io.lines(args[6]) do
         if #line > 0 then
            table.insert(all, line)
         end
      end
      -- this thread's share: tokens thread_no, thread_no + threads, ...
      plain_headers, json_headers = {}, {}
      local thread_count = tonumber(args[7]) or 1
      for i = thread_no, #all, thread_count do
         table.insert(plain_headers, { Authorization = "Bearer " .. all[i] })
         table.insert(json_headers, { Authorization = "Bearer " .. all[i], ["Content-Type"] = "application/json" })
      end
      if #plain_headers == 0 then
         error("no token for thread " .. thread_no .. " in " .. args[6])
      end
   end
   math.randomseed(os.time() * 100 + thread_no)
end

function request()
   return make_request()
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local bad = 0
   local by_status = {}
   for _, thread in ipairs(threads) do
      bad = bad + (thread:get("non2xx") or 0)
      for status, count in pairs(thread:get("statuses") or {}) do
         by_status[tostring(status)] = (by_status[tostring(status)] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(by_status) do
      table.insert(parts, string.format('"%s":%d', status, count))
   end
   local e = summary.errors
   io.write(string.format(
      'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"non2xx_by_status":{%s},'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
         .. '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
      summary.requests, summary.duration, summary.bytes, bad, table.concat(parts, ","),
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.max, latency.stdev,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
