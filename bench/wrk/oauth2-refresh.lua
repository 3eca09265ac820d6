-- wrk: refresh oauth2 tokens, feeding each rotated refresh token back (one token per request in flight).
-- Tokens come from tokens.txt (one per line), split across wrk threads.
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  nthreads = tonumber(args[1] or "1")
  queue = {}
  local i = 0
  for line in io.lines(args[2] or "tokens.txt") do
    if i % nthreads == id then table.insert(queue, line) end
    i = i + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
function request()
  local t = table.remove(queue, 1)
  return wrk.format(nil, "/oauth2/token", nil,
    "grant_type=refresh_token&client_id=app&client_secret=app-secret-for-tests&refresh_token=" .. t)
end
function response(status, headers, body)
  local t = body:match('"refresh_token":"([^"]+)"')
  if t then table.insert(queue, t) end
end
function done(summary, latency, requests)
  -- write the still-valid (rotated) tokens back, so the next run can use them
  local f = io.open(os.getenv("TOKENS_OUT") or "tokens.out", "w")
  for _, t in ipairs(threads) do
    local q = t:get("queue")
    for _, tok in ipairs(q) do f:write(tok, "\n") end
  end
  f:close()
end
