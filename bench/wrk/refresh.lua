-- wrk script: refresh-token load with rotation. Each thread owns a queue of refresh tokens (its share of the lines of
-- BENCH_TOKENS); every request takes one token from the queue and every response's rotated refresh token goes back in,
-- so a token is never in flight twice and reuse detection is never tripped by the load itself.
--
-- Environment (read in every Lua state; wrk gives each thread its own):
--   BENCH_TOKENS   file with one refresh token per line (required)
--   BENCH_DIALECT  oauth2 | keycloak (form, "refresh_token") or simplejwt (JSON, "refresh")
--   BENCH_PATH     token endpoint path, e.g. /oauth2/token
--   BENCH_CLIENT   client_id sent with the form dialects
--   BENCH_MAX      upper bound of requests per thread (wrk -d bounds the time); 0 = none
--   BENCH_OUT      file that done() writes key=value results to
-- A token whose refresh failed is gone (rotation with reuse detection makes it useless); when a thread's queue is
-- empty it sends an invalid token, which fails and is counted, so that lost tokens show up in non2xx.

local dialect = os.getenv("BENCH_DIALECT") or "oauth2"
local path = os.getenv("BENCH_PATH") or "/oauth2/token"
local client = os.getenv("BENCH_CLIENT") or "bench"
local max = tonumber(os.getenv("BENCH_MAX") or "0")

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

queue, head, tail = {}, 1, 0 -- globals: done() reads what is left
-- globals, so that done() can read them from each thread with thread:get()
responses, non2xx, notoken, empty = 0, 0, 0, 0
local body_of, token_field, token_key, token_pattern, request_head

local function push(token)
   tail = tail + 1
   queue[tail] = token
end

local function pop()
   if head > tail then return nil end
   local token = queue[head]
   queue[head] = nil
   head = head + 1
   return token
end

local function urlencode(s)
   if not s:find("[^%w%-%._~]") then return s end -- refresh tokens are mostly base64url already
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
   local id = tonumber(wrk.thread:get("id"))
   local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
   local name = os.getenv("BENCH_TOKENS") or error("BENCH_TOKENS is not set")
   local file = assert(io.open(name, "r"))
   local i = 0
   for line in file:lines() do
      if line ~= "" then
         if i % nthreads == id then push(line) end
         i = i + 1
      end
   end
   file:close()
   local content_type
   if dialect == "simplejwt" then
      content_type = "application/json"
      body_of = function(t) return '{"refresh":"' .. t .. '"}' end
      token_field = "refresh"
   else
      content_type = "application/x-www-form-urlencoded"
      local client_part = "&client_id=" .. urlencode(client)
      body_of = function(t)
         return "grant_type=refresh_token&refresh_token=" .. urlencode(t) .. client_part
      end
      token_field = "refresh_token"
   end
   -- Everything but the length and the body is the same for every request: built once here rather than by
   -- wrk.format's table of headers per request. The load generator shares the cores with the server it measures,
   -- so what it spends per request is taken from that server: wrk used 42 µs of CPU a request with wrk.format and
   -- a pattern match per response, 38 µs this way (alternated runs against Rotor on 2 cores).
   request_head = "POST " .. path .. " HTTP/1.1\r\nHost: " .. wrk.headers["Host"] .. "\r\nContent-Type: " .. content_type
      .. "\r\nAccept: application/json\r\nContent-Length: "
   token_key = '"' .. token_field .. '":"'
   token_pattern = '"' .. token_field .. '"%s*:%s*"([^"]+)"'
end

function request()
   local token = pop()
   if token == nil then
      empty = empty + 1
      token = "bench-queue-empty"
   end
   local body = body_of(token)
   return request_head .. #body .. "\r\n\r\n" .. body
end

-- The rotated token: a plain search for the compact form every server here writes, the pattern when spaced.
local function token_in(body)
   local _, key_end = body:find(token_key, 1, true)
   if key_end then
      local close = body:find('"', key_end + 1, true)
      if close then return body:sub(key_end + 1, close - 1) end
   end
   return body:match(token_pattern)
end

function response(status, hdrs, body)
   responses = responses + 1
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   else
      local token = token_in(body)
      if token then push(token) else notoken = notoken + 1 end
   end
   if max > 0 and responses >= max then wrk.thread:stop() end
end

function done(summary, latency, requests)
   local n2, nt, em = 0, 0, 0
   for _, t in ipairs(threads) do
      n2 = n2 + tonumber(t:get("non2xx"))
      nt = nt + tonumber(t:get("notoken"))
      em = em + tonumber(t:get("empty"))
   end
   local e = summary.errors
   local secs = summary.duration / 1e6
   local lines = {
      string.format("requests=%d", summary.requests),
      string.format("duration_s=%.3f", secs),
      string.format("rps=%.1f", summary.requests / secs),
      string.format("p50_ms=%.3f", latency:percentile(50) / 1000),
      string.format("p90_ms=%.3f", latency:percentile(90) / 1000),
      string.format("p99_ms=%.3f", latency:percentile(99) / 1000),
      string.format("max_ms=%.3f", latency.max / 1000),
      string.format("non2xx=%d", n2),
      string.format("no_token=%d", nt),
      string.format("queue_empty=%d", em),
      string.format("socket_errors=%d", e.connect + e.read + e.write + e.timeout),
   }
   -- Tokens still valid after the run (a token in flight when wrk stopped is lost: the server may have rotated it).
   local left = 0
   local keep = os.getenv("BENCH_TOKENS_OUT")
   if keep then
      local f = assert(io.open(keep, "w"))
      for _, t in ipairs(threads) do
         local q, h, tl = t:get("queue"), tonumber(t:get("head")), tonumber(t:get("tail"))
         for i = h, tl do
            if q[i] then f:write(q[i], "\n"); left = left + 1 end
         end
      end
      f:close()
   end
   table.insert(lines, string.format("tokens_left=%d", left))
   local out = os.getenv("BENCH_OUT")
   local text = table.concat(lines, "\n") .. "\n"
   if out then
      local f = assert(io.open(out, "w"))
      f:write(text)
      f:close()
   end
   io.write(text)
end
