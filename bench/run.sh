#!/usr/bin/env bash
# Refresh benchmark: Rotor (SQLite, PostgreSQL; oauth2/EdDSA and simplejwt/HS256) against Keycloak with rotation and
# reuse detection (on PostgreSQL, and on its dev H2 file for reference), on this machine, with the same wrk load; plus
# the JMH ceiling. Writes bench/results/.
#
# Usage: bench/run.sh [--quick] [--skip rotor-sqlite,rotor-pg,keycloak,jmh] [--only PART,...]
#   --quick   a few seconds per system (a check that everything runs, not a measurement)
# Environment variables (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_KC_DBS, ...): see bench/README.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/rotor.sh"
source "$BENCH_DIR/lib/keycloak.sh"
source "$BENCH_DIR/lib/report.sh"

PARTS="rotor-sqlite,rotor-pg,keycloak,jmh"
SKIP=""
QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --skip) SKIP="$2"; shift ;;
    --only) PARTS="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
  shift
done
want() { [[ ",$PARTS," == *",$1,"* ]] && [[ ",$SKIP," != *",$1,"* ]]; }

if [ "$QUICK" = 1 ]; then
  : "${BENCH_DURATION:=5}" "${BENCH_WARMUP:=2}" "${BENCH_KC_WARMUP:=5}" "${BENCH_KC_REWARM:=2}" "${BENCH_USERS:=8}" "${BENCH_SESSIONS:=64}"
  : "${BENCH_JMH_ARGS:=-wi 1 -w 2s -i 1 -r 3s}"
fi
: "${BENCH_DIALECTS:=oauth2 simplejwt}" # Rotor dialects to measure
: "${BENCH_DURATION:=60}"          # measured seconds per system
: "${BENCH_WARMUP:=30}"            # Rotor's warm-up seconds, not measured: its rate is flat after ~30 s (Keycloak's is not, see below)
: "${BENCH_KC_WARMUP:=300}"         # Keycloak's warm-up: under this load its rate kept rising for minutes (202 req/s
                                   # in the first 30 s, 644 after about 250 s), while Rotor's is flat after 30 s
: "${BENCH_KC_REWARM:=10}"         # the reference Keycloak's warm-up each time it is resumed for a Rotor row's pair
: "${BENCH_MAX_REQUESTS:=2000000}" # upper bound of requests per measured run
: "${BENCH_USERS:=32}"
: "${BENCH_SESSIONS:=128}"         # refresh tokens in the load; must exceed connections × 3 (each run loses ≤ 1 per connection)
: "${BENCH_JMH_ARGS:=-wi 2 -w 5s -i 3 -r 10s}"
: "${BENCH_PG_URL:=postgresql://postgres@127.0.0.1:5432/rotor_bench}"
: "${BENCH_RESULTS:=$BENCH_DIR/results}"
if [ -z "$BENCH_ROTOR_JAVA_HOME" ] && [ -x "$BENCH_KC_JAVA_HOME/bin/java" ]; then
  BENCH_ROTOR_JAVA_HOME="$BENCH_KC_JAVA_HOME" # same JVM for both sides unless told otherwise
fi
export BENCH_THREADS BENCH_CONNECTIONS

rotor_check_dialects
[ "$BENCH_SESSIONS" -gt $(( BENCH_CONNECTIONS * 3 )) ] || die "BENCH_SESSIONS must exceed 3 × BENCH_CONNECTIONS"
require_wrk
for tool in curl jq python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

STAMP="$(date +%Y%m%d-%H%M%S)"
WORK="$BENCH_RESULTS/tmp/$STAMP"
ROWS="$WORK/rows"
mkdir -p "$ROWS"
trap 'stop_all' EXIT
trap 'log "interrupted"; exit 130' INT TERM
log "work directory $WORK"
note() { printf -- '- %s\n' "$*" >>"$ROWS/notes"; }
note "Rotor: ./rotor launcher's default JVM options ($(sed -n 's/.*ROTOR_JAVA_OPTS:-\([^}]*\)}.*/\1/p' "$REPO_DIR/rotor")); ${ROTOR_JAVA_OPTS:+ROTOR_JAVA_OPTS=$ROTOR_JAVA_OPTS; }git $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet HEAD -- core server 2>/dev/null || echo ' (with local changes)')."

# measure NAME PID URL PATH CLIENT DIALECT TOKENS WARMUP key=value...: warm-up, then the measured run with CPU and
# RSS of PID; writes the row NAME with the given key=values plus the measurements.
measure() {
  local name="$1" pid="$2" url="$3" path="$4" client="$5" dialect="$6" tokens="$7" warmup="$8"; shift 8
  local out="$WORK/$name" c0 c1 req failures
  if [ "$warmup" -gt 0 ]; then
    log "$name: warm-up ${warmup} s"
    run_wrk "$out.warmup" "$url" "$warmup" "$tokens" "$dialect" "$path" "$client" "$BENCH_MAX_REQUESTS"
  fi
  [ "$(wc -l <"$tokens")" -ge "$BENCH_CONNECTIONS" ] || die "$name: only $(wc -l <"$tokens") tokens left before measuring"
  log "$name: measuring ${BENCH_DURATION} s"
  c0="$(cpu_ticks "$pid")"
  run_wrk "$out.measure" "$url" "$BENCH_DURATION" "$tokens" "$dialect" "$path" "$client" "$BENCH_MAX_REQUESTS"
  c1="$(cpu_ticks "$pid")"
  req="$(kv "$out.measure" requests)"
  failures=$(( $(kv "$out.measure" non2xx) + $(kv "$out.measure" no_token) + $(kv "$out.measure" socket_errors) ))
  record_row "$ROWS/$name.row" "$@" \
    "rps=$(kv "$out.measure" rps)" "p50_ms=$(kv "$out.measure" p50_ms)" "p90_ms=$(kv "$out.measure" p90_ms)" \
    "p99_ms=$(kv "$out.measure" p99_ms)" "failures=$failures" "requests=$req" \
    "cpu_per_1k=$(awk -v t=$(( c1 - c0 )) -v hz="$CLK_TCK" -v n="$req" 'BEGIN {printf "%.2f", n ? t / hz / n * 1000 : 0}')" \
    "load_cpu_per_1k=$(kv "$out.measure" load_cpu_per_1k)" \
    "rss_mib=$(awk -v k="$(peak_rss_kib "$pid")" 'BEGIN {printf "%.0f", k / 1024}')"
  log "$name: $(kv "$out.measure" rps) req/s, p99 $(kv "$out.measure" p99_ms) ms, $failures failures"
}

# --- Rotor, on one store ---------------------------------------------------------------------------------------------
# rotor_part LABEL STORE_NAME STORE_ARGS...: seed, log sessions in, then per dialect: restart, time the first refresh,
# warm up, measure, stop.
rotor_part() {
  local label="$1" store="$2"; shift 2
  local dialect java path tokens alg
  java="$(rotor_java_version)"
  log "$label: seeding $BENCH_USERS users and $BENCH_SESSIONS sessions per dialect"
  rotor_seed "$BENCH_USERS" "$@"
  # The launcher's class-data cache (./rotor) is recorded by the first server run after a build and holds what that
  # run loaded. This seeding run records it afresh for every run of this script, as bench/starts.sh does, and answers
  # one refresh per dialect besides its logins, as a server in service would have: a cache recorded over logins alone
  # (which the seeding run made whenever it came first after a build) left the refresh path out. On PostgreSQL
  # (simplejwt, two worktrees of one build, 8 alternated launches each, then again with the checkouts swapped) a
  # cache recorded with a refresh was ahead in 14 of 16 pairs: medians 880 against 970 ms, then 759 against 791 ms.
  rotor_forget_aot
  rotor_start "$WORK/$label-seed.log" "$@"
  rotor_wait_ready 60
  for dialect in $BENCH_DIALECTS; do
    # the sessions, the timed start's probe and the token refreshed here
    rotor_tokens "$dialect" $(( BENCH_SESSIONS + 2 )) "$BENCH_USERS" "$WORK/$label-$dialect.tokens"
    rotor_refresh_last "$dialect" "$WORK/$label-$dialect.tokens"
  done
  rotor_stop
  for dialect in $BENCH_DIALECTS; do
    tokens="$WORK/$label-$dialect.tokens"
    path="$(rotor_refresh_path "$dialect")"
    alg="$([ "$dialect" = oauth2 ] && echo EdDSA || echo HS256)"
    rotor_start_timed "$WORK/$label-$dialect.log" "$dialect" "$tokens" "$@"
    log "$label $dialect: first refresh $RB_FIRST_REFRESH_MS ms after start"
    measure "$label-$dialect" "$RB_PID" "$(rotor_url)" "$path" "$RB_CLIENT" "$dialect" "$tokens" "$BENCH_WARMUP" \
      "system=Rotor" "dialect=$dialect ($alg)" "alg=$alg" "store=$store" "java=$java" \
      "first_refresh_ms=$RB_FIRST_REFRESH_MS"
    rotor_stop
    if [ -n "$KC_PAIRED" ]; then keycloak_pair "$label-$dialect"; fi
  done
}

# --- PostgreSQL helpers (Rotor's part 2 and Keycloak) ----------------------------------------------------------------
# pg_version ADMIN_URL: the server's version number, such as 15.20.
pg_version() { psql -tA "$1" -c 'SHOW server_version' | cut -d' ' -f1; }
KC_PG_ADMIN_URL="postgresql://postgres@127.0.0.1:5432/postgres"
KC_PG_DB="${BENCH_KC_PG_JDBC##*/}" # the database that BENCH_KC_PG_JDBC names

# --- Keycloak --------------------------------------------------------------------------------------------------------
# Keycloak on its first database is the targets' reference. This machine's speed drifts (by up to half within an hour,
# every process at once), so one Keycloak figure measured minutes away from a Rotor row would make the ratio a matter
# of when each ran. Instead the reference Keycloak is started, set up and warmed up first, then kept: paused (SIGSTOP:
# no CPU at all) while Rotor runs, and measured again right after each Rotor row, with a short warm-up after it is
# resumed. Each Rotor row is held to the Keycloak row measured next to it.

# keycloak_prepare ROW DB: Keycloak on database DB (postgres or dev-file): fresh database, realm, client, users and
# tokens; restarted, its first refresh timed (KC_TTFR), warmed up. Leaves it running: KC_PID, KC_JVM, KC_TOKENS.
keycloak_prepare() {
  local row="$1" probe sessions="$3"
  BENCH_KC_DB="$2"
  if [ "$BENCH_KC_DB" = postgres ]; then
    recreate_pg_db "$KC_PG_ADMIN_URL" "$KC_PG_DB"
  fi
  log "$row: first start (fresh database: $BENCH_KC_DB)"
  note "$row: Keycloak $BENCH_KC_VERSION, start-dev, database $BENCH_KC_DB$([ "$BENCH_KC_DB" = postgres ] && echo " ($BENCH_KC_PG_JDBC, the PostgreSQL above)" || echo " (H2's MVStore writes committed changes from a background thread about once a second and never fsyncs them: strace counted no fsync or fdatasync in 8 s of this load, so its commits are not durable)"), JVM heap ${BENCH_KC_HEAP:-kc.sh default (-XX:MaxRAMPercentage=70)}, realm revokeRefreshToken=true and refreshTokenMaxReuse=0, public client, password grant for the first tokens."
  kc_start "$WORK/$row-setup.log" fresh
  kc_wait_ready 300
  log "$row: realm, client, $BENCH_USERS users; $sessions sessions by password grant"
  kc_setup "$BENCH_USERS"
  KC_TOKENS="$WORK/$row.tokens"
  kc_tokens $(( sessions + 1 )) "$BENCH_USERS" "$KC_TOKENS"
  stop_group "$KC_PID"; forget_group "$KC_PID"
  probe="$(take_last_token "$KC_TOKENS")"
  log "$row: restart, timing the first refresh"
  kc_start "$WORK/$row.log"
  # kc.sh runs java as a child; poll the refresh until it answers, then find the JVM
  KC_TTFR="$(first_refresh_ms "$KC_START_MS" "$KC_PID" keycloak "$(kc_url)" "$(kc_refresh_path)" "$KC_CLIENT" "$probe" 300)"
  log "$row: first refresh $KC_TTFR ms after start"
  KC_JVM="$(java_pid "$KC_PID")" || die "no Keycloak JVM under pid $KC_PID"
  # In windows, so that the table's notes show how Keycloak's rate grows while its JIT compilers catch up
  local left="$BENCH_KC_WARMUP" window series=""
  while [ "$left" -gt 0 ]; do
    window=$(( left < KC_WARMUP_WINDOW ? left : KC_WARMUP_WINDOW ))
    run_wrk "$WORK/$row.warmup" "$(kc_url)" "$window" "$KC_TOKENS" keycloak "$(kc_refresh_path)" "$KC_CLIENT" "$BENCH_MAX_REQUESTS"
    series="$series${series:+, }$(printf '%.0f' "$(kv "$WORK/$row.warmup" rps)")"
    log "$row: warm-up, $(( BENCH_KC_WARMUP - left + window )) of ${BENCH_KC_WARMUP} s: req/s per ${KC_WARMUP_WINDOW} s so far: $series"
    left=$(( left - window ))
  done
  note "$row: warm-up ${BENCH_KC_WARMUP} s under the same load, req/s per ${KC_WARMUP_WINDOW} s window: $series."
}

KC_WARMUP_WINDOW=30
# kc_warmup_runs: the wrk runs of one Keycloak warm-up (each loses up to one token per connection).
kc_warmup_runs() { echo $(( (BENCH_KC_WARMUP + KC_WARMUP_WINDOW - 1) / KC_WARMUP_WINDOW )); }

# keycloak_measure ROW WARMUP [key=value...]: one measured run of the prepared Keycloak, recorded as row ROW.
keycloak_measure() {
  local row="$1" warmup="$2"; shift 2
  measure "$row" "$KC_JVM" "$(kc_url)" "$(kc_refresh_path)" "$KC_CLIENT" keycloak "$KC_TOKENS" "$warmup" \
    "system=Keycloak $BENCH_KC_VERSION" "dialect=OIDC (RS256)" "alg=RS256" \
    "store=$([ "$BENCH_KC_DB" = postgres ] && echo "PostgreSQL $(pg_version "$KC_PG_ADMIN_URL")" || echo "H2 file (start-dev), not durable")" \
    "java=$("$BENCH_KC_JAVA_HOME/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')" \
    "first_refresh_ms=$KC_TTFR" "$@"
}

# kc_pause: stops Keycloak at a moment when none of its PostgreSQL sessions is inside a transaction. Stopped right
# after wrk, it used to keep the transactions of its last requests open for the whole Rotor row that followed (seen
# in pg_stat_activity: four sessions "idle in transaction", each with an xid), and an open transaction anywhere in the
# cluster keeps the server from pruning the row versions that every refresh leaves behind: Rotor's oauth2 row on
# PostgreSQL measured 1,301 req/s behind such a pause, and 6,025 with this function (bench/results/README.md). So:
# stop, look, and if a transaction is open, let Keycloak finish it and try again.
kc_pause() {
  local open tries=0
  while true; do
    kill -STOP -- "-$KC_PID"
    [ "$BENCH_KC_DB" = postgres ] || return 0
    open="$(psql -tA "$KC_PG_ADMIN_URL" -c "SELECT count(*) FROM pg_stat_activity
      WHERE datname = '$KC_PG_DB' AND (state <> 'idle' OR backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)")"
    [ "$open" = 0 ] && return 0
    tries=$(( tries + 1 ))
    [ "$tries" -lt 100 ] || die "Keycloak still holds $open open transactions after $tries pauses"
    kill -CONT -- "-$KC_PID"
    sleep 0.1
  done
}
kc_resume() { kill -CONT -- "-$KC_PID"; }

# keycloak_pair ROTOR_ROW: resumes the reference Keycloak, warms it up again, measures it as row keycloak-vs-ROTOR_ROW
# and pauses it.
keycloak_pair() {
  kc_resume
  keycloak_measure "keycloak-vs-$1" "$BENCH_KC_REWARM" "pair=$1"
  kc_pause
}

kc_stop() { stop_group "$KC_PID"; forget_group "$KC_PID"; }

rotor_rows=0
for p in rotor-sqlite rotor-pg; do if want "$p"; then rotor_rows=$(( rotor_rows + $(wc -w <<<"$BENCH_DIALECTS") )); fi; done
KC_PAIRED=""
if want keycloak; then
  kc_fetch
  kc_dbs=($BENCH_KC_DBS)
  if [ "$rotor_rows" -gt 0 ]; then
    # every wrk run ends with up to one token per connection lost in flight: the warm-up's runs, then a warm-up and
    # a measured run per pair, and enough left for the last one
    keycloak_prepare keycloak "${kc_dbs[0]}" $(( BENCH_SESSIONS + BENCH_CONNECTIONS * ($(kc_warmup_runs) + 2 * rotor_rows) ))
    note "The reference Keycloak (${kc_dbs[0]}) is measured right after each Rotor row (rows keycloak-vs-...; ${BENCH_KC_REWARM} s warm-up after it is resumed); between those it is paused with SIGSTOP, so that it takes no CPU while Rotor runs, at a moment when none of its database sessions is inside a transaction (one left open would hold back PostgreSQL's pruning for Rotor's rows). Each Rotor row's targets are checked against its own pair."
    KC_PAIRED=1
    kc_pause
  fi
fi

if want rotor-sqlite || want rotor-pg; then
  rotor_build
fi

if want rotor-sqlite; then
  rm -rf "$WORK/data"
  note "Rotor's SQLite store: journal_mode=WAL, synchronous=FULL (every commit fsynced), one group-committing writer; data in $WORK/data."
  rotor_part rotor-sqlite "SQLite (embedded)" --data "$WORK/data"
fi

if want rotor-pg; then
  pg_db="${BENCH_PG_URL##*/}"; pg_db="${pg_db%%\?*}"
  [[ "$BENCH_PG_URL" == postgresql://*@127.0.0.1:* ]] || die "BENCH_PG_URL must point at 127.0.0.1"
  pg_host_url="${BENCH_PG_URL%/*}/postgres"
  recreate_pg_db "$pg_host_url" "$pg_db"
  note "PostgreSQL: $(PGOPTIONS=--client-min-messages=warning psql -tA "$pg_host_url" -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('autovacuum', 'fsync', 'shared_buffers', 'synchronous_commit', 'wal_sync_method')")."
  rotor_part rotor-pg "PostgreSQL $(pg_version "$pg_host_url")" \
    --data "$WORK/data-pg" --store "$BENCH_PG_URL"
fi

if want keycloak; then
  if [ -n "$KC_PAIRED" ]; then kc_stop; others=("${kc_dbs[@]:1}"); else others=("${kc_dbs[@]}"); fi
  # Keycloak on other databases (and on the first one when no Rotor part runs), measured once each.
  for kc_db in "${others[@]}"; do
    row=keycloak; [ "$kc_db" = "${kc_dbs[0]}" ] || row="keycloak-$kc_db"
    keycloak_prepare "$row" "$kc_db" $(( BENCH_SESSIONS + BENCH_CONNECTIONS * $(kc_warmup_runs) ))
    keycloak_measure "$row" 0
    kc_stop
  done
fi

# --- JMH ceiling -----------------------------------------------------------------------------------------------------
if want jmh; then
  log "jmh: building the benchmark module"
  (cd "$REPO_DIR" && mvn -B -ntp -q -DskipTests -pl bench -am package) || die "bench module build failed"
  # shellcheck disable=SC2086
  (cd "$WORK" && PATH="$(rotor_path)" timeout 1800 java -cp "$BENCH_DIR/target/classes:$(cat "$BENCH_DIR/target/classpath.txt")" \
      org.openjdk.jmh.Main RefreshBenchmark $BENCH_JMH_ARGS -t "$BENCH_CONNECTIONS" -f 1 \
      -rf csv -rff "$WORK/jmh.csv" >"$WORK/jmh.log" 2>&1) || { tail -30 "$WORK/jmh.log" >&2; die "JMH failed"; }
  for alg in EdDSA HS256; do
    score="$(awk -F, -v a="$alg" '{gsub(/["\r]/, "")} $NF == a {printf "%.0f", $5}' "$WORK/jmh.csv")"
    [ -n "$score" ] || die "no JMH score for $alg in $WORK/jmh.csv"
    record_row "$ROWS/jmh-$alg.row" "system=JMH ceiling" "dialect=core refresh + $alg sign" "alg=$alg" \
      "store=SQLite (embedded)" "java=$(rotor_java_version)" "rps=$score" "failures=0"
  done
fi

report "$ROWS" "$BENCH_RESULTS" "$STAMP"
