-- wrk counts 3xx answers as successes; the benchmark needs to know that every answer was
-- the page (200), not a redirect to the login page. Prints "BENCH_NON200 <n>" at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non200")
  end
  io.write(string.format("BENCH_NON200 %d\n", total))
end
