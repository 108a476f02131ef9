-- POST /api/v1/gate/check: one question a request, "now" (no at), for a defendant of the demo.
local key = os.getenv("ENJOIN_BENCH_KEY") or ""
local merchants = { "M-1001", "M-1002", "M-1500", "M-2000", "M-2500" }
local n = 0
function request()
  n = n + 1
  local body = string.format('{"surface":"sponsored_search","merchant":"%s"}', merchants[(n % #merchants) + 1])
  return wrk.format("POST", "/api/v1/gate/check",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
