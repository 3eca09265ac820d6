# Rotor side: build once, create users with the CLI, log sessions in through each dialect's login endpoint, and
# start/stop `./rotor serve` on 127.0.0.1. Sourced after common.sh.

: "${BENCH_ROTOR_PORT:=18081}"
: "${BENCH_ROTOR_JAVA_HOME:=}"
RB_CLIENT=bench
RB_PASSWORD=bench-password-1

rotor_url() { echo "http://127.0.0.1:$BENCH_ROTOR_PORT"; }

# The java that ./rotor runs: BENCH_ROTOR_JAVA_HOME if set, else the one on PATH.
rotor_path() {
  if [ -n "$BENCH_ROTOR_JAVA_HOME" ]; then echo "$BENCH_ROTOR_JAVA_HOME/bin:$PATH"; else echo "$PATH"; fi
}

rotor_java_version() {
  PATH="$(rotor_path)" java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}'
}

# rotor_build: builds the jar up front so that no start below pays for a build.
rotor_build() {
  log "building Rotor (mvn package, tests skipped)"
  (cd "$REPO_DIR" && mvn -B -ntp -q -DskipTests -pl server -am package) || die "Rotor build failed"
  [ -f "$REPO_DIR/server/target/rotor.jar" ] || die "no server/target/rotor.jar after the build"
}

# Environment every rotor command of the benchmark runs with: both measured dialects on, password grant on for
# logging sessions in, simplejwt rotating on every refresh (its blacklist then makes reuse fail).
# One master key for every Rotor process of a run: PostgreSQL requires it (every node must share it).
: "${BENCH_MASTER_KEY:=$(head -c 32 /dev/urandom | base64 -w0)}"

rotor_env() {
  export ROTOR_MASTER_KEY="$BENCH_MASTER_KEY"
  ROTOR_DIALECTS="$(echo ${BENCH_DIALECTS:-oauth2 simplejwt} | tr " " ,)"; export ROTOR_DIALECTS
  export ROTOR_OAUTH2_PASSWORD_GRANT=true
  export ROTOR_OAUTH2_ALG=EdDSA
  export ROTOR_SIMPLEJWT_ROTATION=always
}

# rotor_cli STORE_ARGS... -- ARGS...: one CLI command against the benchmark's data.
rotor_cli() {
  (rotor_env; PATH="$(rotor_path)" "$REPO_DIR/rotor" "$@")
}

# rotor_seed USERS STORE_ARGS...: the public client and USERS users (user1..userN): user1 with `user add` (Argon2id), the
# rest with one `user import` of a Django pbkdf2_sha256 hash (one JVM instead of one per user; Rotor re-hashes them to
# Argon2id at their first login).
rotor_seed() {
  local users="$1"; shift
  rotor_cli client add "$RB_CLIENT" --public "$@" >/dev/null || die "rotor client add failed"
  printf '%s\n' "$RB_PASSWORD" | rotor_cli user add user1 --password-stdin --email user1@bench.example "$@" \
    >/dev/null || die "rotor user add user1 failed"
  [ "$users" -gt 1 ] || return 0
  local hash import="${TMPDIR:-/tmp}/rotor-bench-users.$$.jsonl" i
  hash="$(django_hash "$RB_PASSWORD")"
  for i in $(seq 2 "$users"); do
    printf '{"id":"bench-%d","username":"user%d","email":"user%d@bench.example","password":"%s"}\n' "$i" "$i" "$i" "$hash"
  done >"$import"
  rotor_cli user import "$import" "$@" >/dev/null || { rm -f "$import"; die "rotor user import failed"; }
  rm -f "$import"
}

# django_hash PASSWORD: Django's pbkdf2_sha256 hash at its 3.2 default of 260,000 iterations (python3 hashlib).
django_hash() {
  python3 -c 'import base64, hashlib, os, sys
salt = base64.b64encode(os.urandom(9)).decode().replace("+", "a").replace("/", "b")
dk = hashlib.pbkdf2_hmac("sha256", sys.argv[1].encode(), salt.encode(), 260000)
print("pbkdf2_sha256$260000$%s$%s" % (salt, base64.b64encode(dk).decode()))' "$1"
}

# rotor_start LOGFILE STORE_ARGS...: starts `./rotor serve`; sets RB_PID (the JVM: ./rotor execs java) and
# RB_START_MS.
rotor_start() {
  local logfile="$1"; shift
  rotor_env
  RB_START_MS=$(now_ms)
  PATH="$(rotor_path)" start_bg "$logfile" "$REPO_DIR/rotor" serve --host 127.0.0.1 --port "$BENCH_ROTOR_PORT" "$@"
  RB_PID=$STARTED_PID
}

# rotor_start_timed LOG DIALECT TOKENS ARGS...: rotor_start with the last token of the file TOKENS taken out of it as a
# probe; sets RB_FIRST_REFRESH_MS to the time from launch to the probe's first answered refresh (first_refresh_ms).
rotor_start_timed() {
  local logfile="$1" dialect="$2" tokens="$3" probe; shift 3
  probe="$(take_last_token "$tokens")"
  rotor_start "$logfile" "$@"
  RB_FIRST_REFRESH_MS="$(first_refresh_ms "$RB_START_MS" "$RB_PID" "$dialect" "$(rotor_url)" \
    "$(rotor_refresh_path "$dialect")" "$RB_CLIENT" "$probe" 60)"
}

# rotor_forget_aot: deletes this build's class-data caches (one per JDK and store), so that the next server records
# its own afresh (./rotor: the first server run after a build records it, later ones use it). All of them: which
# store a launch uses is the launcher's rule, not repeated here, and a cache deleted unused costs nothing.
rotor_forget_aot() {
  rm -f "$REPO_DIR"/server/target/rotor-*.{aot,jsa}*
}

# rotor_refresh_last DIALECT TOKENS: refreshes the last token of the file TOKENS once, taking it out of the file.
rotor_refresh_last() {
  local status
  status="$(refresh_once "$1" "$(rotor_url)" "$(rotor_refresh_path "$1")" "$RB_CLIENT" "$(take_last_token "$2")")"
  [ "$status" = 200 ] || die "a $1 refresh answered $status"
}

rotor_wait_ready() {
  wait_http "$(rotor_url)/health/ready" "${1:-60}" "$RB_PID" || die "Rotor did not become ready (see its log)"
}

# rotor_use_build SPEC: the build that the next rotor_start runs, as the A/B scripts name it: CHECKOUT, or
# CHECKOUT|JAVA_OPTS. Sets REPO_DIR and ROTOR_JAVA_OPTS.
rotor_use_build() {
  REPO_DIR="${1%%|*}"
  if [[ "$1" == *"|"* ]]; then export ROTOR_JAVA_OPTS="${1#*|}"; else unset ROTOR_JAVA_OPTS; fi
}

# rotor_start_build SPEC PORT DIR USERS [STORE_ARGS...]: for the A/B scripts, seeds USERS users into DIR (or into the
# store that STORE_ARGS name) and starts the build that SPEC names on PORT; sets REPO_DIR, BENCH_ROTOR_PORT and RB_PID.
rotor_start_build() {
  local spec="$1" dir="$3" users="$4"
  rotor_use_build "$spec"
  BENCH_ROTOR_PORT="$2"
  shift 4
  log "server on port $BENCH_ROTOR_PORT: $spec"
  rotor_seed "$users" --data "$dir" "$@"
  rotor_start "$dir.log" --data "$dir" "$@"
  rotor_wait_ready 60
}

rotor_stop() {
  stop_group "$RB_PID"
  forget_group "$RB_PID"
}

# rotor_login DIALECT USER: one session through the dialect's login endpoint; prints its refresh token.
rotor_login() {
  case "$1" in
    oauth2)
      curl -fsS --max-time 30 "$(rotor_url)/oauth2/token" -d grant_type=password -d "client_id=$RB_CLIENT" \
        -d "username=$2" --data-urlencode "password=$RB_PASSWORD" | jq -er .refresh_token ;;
    simplejwt)
      curl -fsS --max-time 30 "$(rotor_url)/api/token/" -H 'Content-Type: application/json' \
        -d "$(jq -nc --arg u "$2" --arg p "$RB_PASSWORD" '{username: $u, password: $p}')" | jq -er .refresh ;;
    *) die "unknown dialect $1" ;;
  esac
}

# rotor_tokens DIALECT SESSIONS USERS FILE: SESSIONS sessions spread over USERS users, two logins at a time.
rotor_tokens() {
  local dialect="$1" sessions="$2" users="$3" file="$4"
  export -f rotor_login rotor_url die log
  export RB_CLIENT RB_PASSWORD BENCH_ROTOR_PORT
  seq 0 $(( sessions - 1 )) | awk -v u="$users" '{print "user" ($1 % u) + 1}' \
    | xargs -P 2 -I{} bash -c 'rotor_login "$1" "$2"' _ "$dialect" {} >"$file" \
    || die "Rotor $dialect login failed"
  [ "$(wc -l <"$file")" -eq "$sessions" ] || die "expected $sessions $dialect refresh tokens"
}

# rotor_check_dialects [MAX]: BENCH_DIALECTS must name, separated by spaces, only dialects this benchmark can load
# (at most MAX of them). Checked once before any server starts; otherwise a bad name fails every parallel login.
rotor_check_dialects() {
  local d count=0
  for d in $BENCH_DIALECTS; do
    [ -n "$(rotor_refresh_path "$d")" ] || die "BENCH_DIALECTS: unknown dialect '$d' (known: oauth2 simplejwt, separated by spaces)"
    count=$(( count + 1 ))
  done
  [ "$count" -ge 1 ] || die "BENCH_DIALECTS names no dialect"
  [ "$count" -le "${1:-2}" ] || die "BENCH_DIALECTS: this script measures at most ${1:-2} dialect(s), not '$BENCH_DIALECTS'"
}

# Refresh endpoint and client of each dialect, as the wrk script needs them.
rotor_refresh_path() { case "$1" in oauth2) echo /oauth2/token ;; simplejwt) echo /api/token/refresh/ ;; esac; }

# refresh_once DIALECT URL PATH CLIENT TOKEN: one refresh with curl; prints the HTTP status (000: not connected).
# Once connected it waits for the answer however slow: a request given up on may still rotate the token on the
# server, and sending the token again would then be reuse, which revokes the session.
refresh_once() {
  local dialect="$1" url="$2" path="$3" client="$4" token="$5"
  if [ "$dialect" = simplejwt ]; then
    curl -s -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time 300 "$url$path" -H 'Content-Type: application/json' \
      -d "{\"refresh\":\"$token\"}" 2>/dev/null || true
  else
    curl -s -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time 300 "$url$path" -d grant_type=refresh_token \
      --data-urlencode "refresh_token=$token" -d "client_id=$client" 2>/dev/null || true
  fi
}

# first_refresh_ms START_MS PID DIALECT URL PATH CLIENT TOKEN SECONDS: polls one refresh every 10 ms from process start
# until it answers 200; prints the milliseconds from START_MS. Until the server's port accepts connections it only
# tries to connect, from this shell (bash's /dev/tcp, a sleep that is a read with a time-out): a curl, a date and a
# sleep process every 10 ms would take a good part of one of the cores that the starting JVM is being timed on.
first_refresh_ms() {
  local start="$1" pid="$2" dialect="$3" url="$4" path="$5" client="$6" token="$7" secs="$8" status deadline
  local port="${url##*:}" tick
  deadline=$(( start + secs * 1000 ))
  tick="$(mktemp -u)"; mkfifo "$tick"; exec {tick_fd}<>"$tick"; rm -f "$tick"
  while ! { : <>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; do
    [ "$(( ${EPOCHREALTIME/./} / 1000 ))" -lt "$deadline" ] || { exec {tick_fd}>&-; die "port $port not open within $secs s of starting"; }
    kill -0 "$pid" 2>/dev/null || { exec {tick_fd}>&-; die "server exited before its first refresh"; }
    read -r -t 0.01 -u "$tick_fd" || true
  done
  exec {tick_fd}>&-
  while [ "$(( ${EPOCHREALTIME/./} / 1000 ))" -lt "$deadline" ]; do
    status="$(refresh_once "$dialect" "$url" "$path" "$client" "$token")"
    if [ "$status" = 200 ]; then echo $(( ${EPOCHREALTIME/./} / 1000 - start )); return 0; fi
    case "$status" in 000|502|503) ;; *) die "first refresh answered $status (a token problem, not a slow start)" ;; esac
    kill -0 "$pid" 2>/dev/null || die "server exited before its first refresh"
    sleep 0.01
  done
  die "no successful refresh within $secs s of starting"
}
