-- POST /api/v1/listings with a batch of 100 new listings per request (NDJSON), unique ids
-- per thread and request so every batch is real work, not the idempotent no-op.
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
end

function init(args)
  requests_made = 0
  key = os.getenv("ENJOIN_BENCH_KEY")
end

function request()
  requests_made = requests_made + 1
  local lines = {}
  for i = 1, 100 do
    local id = string.format("W-%d-%d-%d", thread_id, requests_made, i)
    lines[i] = string.format('{"id":"%s","merchant":"M-%d","title":"Plush toy %d","description":"soft and cuddly","brand":"","images":[],"price":9.99,"currency":"USD","status":"active","at":"2024-01-01T00:00:00Z"}', id, i % 50, i)
  end
  return wrk.format("POST", "/api/v1/listings", {
    ["Content-Type"] = "application/x-ndjson",
    ["Authorization"] = "Bearer " .. key,
  }, table.concat(lines, "\n"))
end
