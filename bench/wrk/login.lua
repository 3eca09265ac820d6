-- wrk script: password-grant logins (oauth2 dialect) spread over the users user1..userBENCH_USERS, all with the right
-- password, so that the per-account back-off never starts. Each login costs one Argon2id verification.
--
-- Environment: BENCH_USERS (default 32), BENCH_CLIENT (default bench), BENCH_PASSWORD (required).
-- done() prints one line: "rps=… p50_ms=… p99_ms=… failures=…" (non-2xx answers plus socket errors).

local users = tonumber(os.getenv("BENCH_USERS") or "32")
local client = os.getenv("BENCH_CLIENT") or "bench"
local password = os.getenv("BENCH_PASSWORD")
local threads = 0
n = 0 -- a global, so that setup() can give each thread its own first user

function setup(thread)
   -- Threads start half the users apart, so that two logins of one account rarely run at once.
   thread:set("n", threads * math.floor(users / 2))
   threads = threads + 1
end

function request()
   n = n % users + 1
   return wrk.format("POST", "/oauth2/token", {["Content-Type"] = "application/x-www-form-urlencoded"},
      "grant_type=password&client_id=" .. client .. "&username=user" .. n .. "&password=" .. password)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("rps=%.1f p50_ms=%.1f p99_ms=%.1f failures=%d\n",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      e.status + e.connect + e.read + e.write + e.timeout))
end
