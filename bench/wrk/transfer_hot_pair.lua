-- POST /v1/transfers, always 1 from account HOT_SOURCE to HOT_DESTINATION: every request
-- contends for the same two rows, like the seed's hey test.
--   wrk -s bench/wrk/transfer_hot_pair.lua URL -- SOURCE_ID DESTINATION_ID
-- The source needs a balance larger than every transfer of every run (nothing may fail).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function init(args)
  local source, destination = tonumber(args[1]), tonumber(args[2])
  assert(source and destination and source ~= destination, "usage: -- SOURCE_ID DESTINATION_ID")
  -- One fixed request: wrk sends it without calling into Lua per request.
  wrk.method = "POST"
  wrk.path = "/v1/transfers"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = string.format(
    '{"source_account_id":%d,"destination_account_id":%d,"amount":"1"}', source, destination)
end
