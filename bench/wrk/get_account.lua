-- GET /v1/accounts/{id} of a random account among COUNT accounts with ids
-- FIRST_ID .. FIRST_ID+COUNT-1.
--   wrk -s bench/wrk/get_account.lua URL -- FIRST_ID COUNT
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local first_id, count

function init(args)
  first_id, count = tonumber(args[1]), tonumber(args[2])
  assert(first_id and count and count >= 1, "usage: -- FIRST_ID COUNT")
  seed_random()
end

function request()
  return wrk.format("GET", "/v1/accounts/" .. (first_id + math.random(0, count - 1)))
end
