-- GET /v1/accounts/{id} of a random account among COUNT accounts with ids
-- FIRST_ID .. FIRST_ID+COUNT-1.
--   wrk -s bench/wrk/get_account.lua URL -- FIRST_ID COUNT
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

-- Every request is formatted once, in init: per request, wrk then only picks one at random, so
-- the load generator spends its (shared) CPU on sending, not on building strings in Lua.
local requests, count

function init(args)
  local first_id
  first_id, count = tonumber(args[1]), tonumber(args[2])
  assert(first_id and count and count >= 1, "usage: -- FIRST_ID COUNT")
  seed_random()
  requests = {}
  for i = 1, count do
    requests[i] = wrk.format("GET", "/v1/accounts/" .. (first_id + i - 1))
  end
end

function request()
  return requests[math.random(1, count)]
end
