# Keycloak side of the comparison: fetch the server distribution from Maven Central, start it in dev mode on
# 127.0.0.1 (on PostgreSQL, or on start-dev's own H2 file), create a realm with refresh-token rotation and reuse detection, a public client and N users through the
# admin REST API, and hand out one refresh token per user by password grant. Sourced after common.sh.

: "${BENCH_KC_VERSION:=26.7.3}"
: "${BENCH_KC_PORT:=18080}"
: "${BENCH_KC_JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
: "${BENCH_CACHE:=$HOME/.cache/rotor-bench}"
: "${BENCH_KC_DBS:=${BENCH_KC_DB:-postgres dev-file}}" # databases to run Keycloak on, the first one is the targets' reference:
                               # postgres (BENCH_KC_PG_JDBC, re-created by run.sh) or dev-file (start-dev's H2 file)
: "${BENCH_KC_PG_JDBC:=jdbc:postgresql://127.0.0.1:5432/kc_bench}"
: "${BENCH_KC_HEAP:=}"         # e.g. "-Xms64m -Xmx512m"; empty keeps kc.sh's default (70% of RAM)
KC_REALM=bench
KC_CLIENT=bench
KC_ADMIN_USER=admin
KC_ADMIN_PASSWORD=bench-admin
KC_USER_PASSWORD=bench-password-1

kc_home() { echo "$BENCH_CACHE/keycloak-$BENCH_KC_VERSION"; }
kc_url() { echo "http://127.0.0.1:$BENCH_KC_PORT"; }

# kc_fetch: downloads org.keycloak:keycloak-quarkus-dist:<ver>:tar.gz through Maven (cached in ~/.m2 too) and unpacks it.
kc_fetch() {
  local home tarball
  home="$(kc_home)"
  [ -x "$home/bin/kc.sh" ] && return 0
  mkdir -p "$BENCH_CACHE"
  tarball="$BENCH_CACHE/keycloak-quarkus-dist-$BENCH_KC_VERSION.tar.gz"
  if [ ! -s "$tarball" ]; then
    log "fetching keycloak-quarkus-dist $BENCH_KC_VERSION from Maven Central"
    (cd "$BENCH_CACHE" && mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        "-Dartifact=org.keycloak:keycloak-quarkus-dist:$BENCH_KC_VERSION:tar.gz" "-DoutputDirectory=$BENCH_CACHE") \
      || die "could not fetch Keycloak $BENCH_KC_VERSION"
  fi
  tar -xzf "$tarball" -C "$BENCH_CACHE" || die "could not unpack $tarball"
  [ -x "$home/bin/kc.sh" ] || die "no bin/kc.sh in $tarball"
}

# kc_start LOGFILE [fresh]: starts start-dev; with "fresh", drops the dev database first. Sets KC_PID (the kc.sh group),
# KC_START_MS. The JVM is found with java_pid once it runs.
kc_start() {
  local logfile="$1" fresh="${2:-}"
  local home; home="$(kc_home)"
  [ "$fresh" = fresh ] && rm -rf "$home/data"
  [ -x "$BENCH_KC_JAVA_HOME/bin/java" ] || die "no JDK at BENCH_KC_JAVA_HOME=$BENCH_KC_JAVA_HOME"
  local db_args=()
  if [ "$BENCH_KC_DB" = postgres ]; then
    db_args=(--db=postgres "--db-url=$BENCH_KC_PG_JDBC" --db-username=postgres --db-password=unused)
  fi
  KC_START_MS=$(now_ms)
  if [ -n "$BENCH_KC_HEAP" ]; then export JAVA_OPTS_KC_HEAP="$BENCH_KC_HEAP"; fi
  JAVA_HOME="$BENCH_KC_JAVA_HOME" KC_BOOTSTRAP_ADMIN_USERNAME="$KC_ADMIN_USER" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
    start_bg "$logfile" "$home/bin/kc.sh" start-dev "--http-port=$BENCH_KC_PORT" --http-host=127.0.0.1 \
      "${db_args[@]}"
  KC_PID=$STARTED_PID
}

kc_wait_ready() {
  wait_http "$(kc_url)/realms/master" "${1:-240}" "$KC_PID" || die "Keycloak did not come up (see its log)"
}

kc_admin_token() {
  curl -fsS --max-time 30 "$(kc_url)/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$KC_ADMIN_USER" --data-urlencode "password=$KC_ADMIN_PASSWORD" | jq -r .access_token
}

# kc_admin METHOD PATH [JSON]: one admin REST call; fails on a non-2xx answer.
kc_admin() {
  local method="$1" path="$2" body="${3:-}" token
  token="$(kc_admin_token)" || die "no Keycloak admin token"
  if [ -n "$body" ]; then
    curl -fsS --max-time 60 -X "$method" "$(kc_url)/admin/realms$path" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "$body"
  else
    curl -fsS --max-time 60 -X "$method" "$(kc_url)/admin/realms$path" -H "Authorization: Bearer $token"
  fi
}

# kc_setup USERS: realm (rotation + reuse detection), public client with direct access grants, USERS users.
kc_setup() {
  local users="$1" i token
  kc_admin DELETE "/$KC_REALM" >/dev/null 2>&1 || true
  kc_admin POST "" "$(jq -n --arg r "$KC_REALM" --arg c "$KC_CLIENT" '{
      realm: $r, enabled: true,
      revokeRefreshToken: true, refreshTokenMaxReuse: 0,
      accessTokenLifespan: 300, ssoSessionIdleTimeout: 7200, ssoSessionMaxLifespan: 36000,
      bruteForceProtected: false,
      clients: [{clientId: $c, enabled: true, publicClient: true, protocol: "openid-connect",
                 standardFlowEnabled: false, directAccessGrantsEnabled: true}]
    }')" >/dev/null || die "could not create Keycloak realm"
  kc_admin GET "/$KC_REALM" | jq -e '.revokeRefreshToken == true and .refreshTokenMaxReuse == 0' >/dev/null \
    || die "Keycloak realm does not have rotation with reuse detection on"
  token="$(kc_admin_token)"
  for i in $(seq 1 "$users"); do
    curl -fsS --max-time 30 -X POST "$(kc_url)/admin/realms/$KC_REALM/users" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "$(jq -n --arg u "user$i" --arg p "$KC_USER_PASSWORD" '{
        username: $u, enabled: true, email: ($u + "@bench.example"), emailVerified: true,
        firstName: "Bench", lastName: $u,
        credentials: [{type: "password", value: $p, temporary: false}]}')" \
      || die "could not create Keycloak user user$i"
    # the master realm's admin token lives 60 s; take a fresh one now and then
    if [ $(( i % 50 )) -eq 0 ]; then token="$(kc_admin_token)"; fi
  done
}

# kc_login USER: one refresh token by password grant.
kc_login() {
  curl -fsS --max-time 60 "$(kc_url)/realms/$KC_REALM/protocol/openid-connect/token" \
    -d grant_type=password -d "client_id=$KC_CLIENT" -d "username=$1" --data-urlencode "password=$KC_USER_PASSWORD" \
    | jq -er .refresh_token
}

# kc_tokens SESSIONS USERS FILE: SESSIONS sessions (refresh tokens) spread over USERS users, two logins at a time.
kc_tokens() {
  local sessions="$1" users="$2" file="$3"
  export -f kc_login kc_url
  export KC_REALM KC_CLIENT KC_USER_PASSWORD BENCH_KC_PORT
  seq 0 $(( sessions - 1 )) | awk -v u="$users" '{print "user" ($1 % u) + 1}' \
    | xargs -P 2 -I{} bash -c 'kc_login "$1"' _ {} >"$file" || die "Keycloak password grant failed"
  [ "$(wc -l <"$file")" -eq "$sessions" ] || die "expected $sessions Keycloak refresh tokens"
}

kc_refresh_path() { echo "/realms/$KC_REALM/protocol/openid-connect/token"; }
