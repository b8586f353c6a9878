-- POST /v1/transfers of "1" between a random distinct pair among COUNT accounts with ids
-- FIRST_ID .. FIRST_ID+COUNT-1: little contention, every transfer touches two fresh rows.
--   wrk -s bench/wrk/transfer_uniform.lua URL -- FIRST_ID COUNT
-- Every account needs a balance larger than all the transfers it can source in every run.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local first_id, count
local headers = {["Content-Type"] = "application/json"}

function init(args)
  first_id, count = tonumber(args[1]), tonumber(args[2])
  assert(first_id and count and count >= 2, "usage: -- FIRST_ID COUNT")
  seed_random()
end

function request()
  local source = math.random(0, count - 1)
  local destination = math.random(0, count - 2)
  if destination >= source then destination = destination + 1 end
  local body = string.format('{"source_account_id":%d,"destination_account_id":%d,"amount":"1"}',
                             first_id + source, first_id + destination)
  return wrk.format("POST", "/v1/transfers", headers, body)
end
