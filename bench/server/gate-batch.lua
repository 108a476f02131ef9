-- POST /api/v1/gate/check-batch: 1,000 questions a request (NDJSON), "now", across the demo's merchants.
local key = os.getenv("ENJOIN_BENCH_KEY") or ""
local surfaces = { "sponsored_search", "offsite_ad", "promo_email", "recommendation", "premium_status" }
local lines = {}
for i = 1, 1000 do
  lines[i] = string.format('{"surface":"%s","merchant":"M-%d","listing":"L-%d"}', surfaces[(i % 5) + 1], 1000 + (i * 7) % 3000, i * 13)
end
local body = table.concat(lines, "\n")
function request()
  return wrk.format("POST", "/api/v1/gate/check-batch",
    { ["Content-Type"] = "application/x-ndjson", ["Authorization"] = "Bearer " .. key }, body)
end
