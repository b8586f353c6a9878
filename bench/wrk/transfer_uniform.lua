-- POST /v1/transfers of "1" between a random distinct pair among COUNT accounts with ids
-- FIRST_ID .. FIRST_ID+COUNT-1: little contention, every transfer touches two fresh rows.
--   wrk -s bench/wrk/transfer_uniform.lua URL -- FIRST_ID COUNT
-- Every account needs a balance larger than all the transfers it can source in every run.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

-- A pool of random pairs is formatted once, in init (each thread its own): per request, wrk
-- then only picks one at random, so the load generator spends its (shared) CPU on sending,
-- not on building strings in Lua. 65,536 pairs per thread, drawn uniformly: every account
-- appears in about 13 of them as a source and 13 as a destination.
local pool_size = 65536
local requests = {}

function init(args)
  local first_id, count = tonumber(args[1]), tonumber(args[2])
  assert(first_id and count and count >= 2, "usage: -- FIRST_ID COUNT")
  seed_random()
  -- Headers given to wrk.format replace wrk.headers: the token (common.lua) is added here too.
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"]}
  for i = 1, pool_size do
    local source = math.random(0, count - 1)
    local destination = math.random(0, count - 2)
    if destination >= source then destination = destination + 1 end
    local body = string.format('{"source_account_id":%d,"destination_account_id":%d,"amount":"1"}',
                               first_id + source, first_id + destination)
    requests[i] = wrk.format("POST", "/v1/transfers", headers, body)
  end
end

function request()
  return requests[math.random(1, pool_size)]
end
