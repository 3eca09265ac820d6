# Shared helpers for bench/run.sh and bench/smoke.sh: process bookkeeping, /proc measurements, wrk runs.
# Sourced, not run. Expects `set -euo pipefail` in the caller.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
CLK_TCK="$(getconf CLK_TCK)"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

# recreate_pg_db ADMIN_URL NAME: drops database NAME if it exists and creates it empty, through ADMIN_URL.
recreate_pg_db() {
  PGOPTIONS=--client-min-messages=warning psql -q "$1" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null \
    || die "cannot (re)create database $2 via $1"
}

# --- processes we start -------------------------------------------------------------------------------------------
# Every server is started in its own session (setsid), so that its pid is also its process-group id and stopping it
# stops whatever it forked (kc.sh runs java as a child). Only groups recorded here are ever signalled.
STARTED_GROUPS=()

# start_bg LOGFILE CMD...: starts CMD in a new session, sets STARTED_PID.
start_bg() {
  local logfile="$1"; shift
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  STARTED_PID=$!
  STARTED_GROUPS+=("$STARTED_PID")
}

# stop_group PID: TERM the group, wait up to 20 s, then KILL it.
stop_group() {
  local pid="$1" i
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  # a paused group (run.sh pauses Keycloak, the A/B scripts their idle servers) acts on TERM only when resumed
  kill -CONT -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local pid
  for pid in "${STARTED_GROUPS[@]:-}"; do
    [ -n "$pid" ] && stop_group "$pid"
  done
  STARTED_GROUPS=()
}

# forget_group PID: after stop_group, so that the exit trap does not signal a pid that may have been reused.
forget_group() {
  local pid="$1" kept=() p
  for p in "${STARTED_GROUPS[@]:-}"; do [ -n "$p" ] && [ "$p" != "$pid" ] && kept+=("$p"); done
  STARTED_GROUPS=("${kept[@]:-}")
}

# java_pid PID: the JVM of a started server: PID itself when it is java, else its newest java descendant.
java_pid() {
  local pid="$1" child
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "java" ]; then echo "$pid"; return; fi
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    java_pid "$child" && return
  done
  return 1
}

# --- /proc measurements ----------------------------------------------------------------------------------------------
# cpu_ticks PID: utime+stime of PID in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after the comm field).
cpu_ticks() {
  local stat rest
  stat="$(cat "/proc/$1/stat")"
  rest="${stat##*) }"                    # fields from 3 (state) on; comm may contain spaces and parentheses
  # shellcheck disable=SC2086
  set -- $rest
  echo $(( ${12} + ${13} ))              # field 14 is the 12th after the state field 3
}

# peak_rss_kib PID: VmHWM, the resident set's high-water mark.
peak_rss_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# wait_http URL SECONDS [PID]: polls until URL answers 2xx; fails when SECONDS pass or PID dies.
wait_http() {
  local url="$1" secs="$2" pid="${3:-}" deadline
  deadline=$(( $(now_ms) + secs * 1000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

# --- load ------------------------------------------------------------------------------------------------------------
# Settings, overridable from the environment (see bench/README.md).
: "${BENCH_THREADS:=2}"
: "${BENCH_CONNECTIONS:=16}"
: "${BENCH_TIMEOUT:=5s}"

require_wrk() {
  command -v wrk >/dev/null 2>&1 || die "wrk is not installed (Debian: apt-get install -y wrk)"
}

# run_wrk OUTFILE URL SECONDS TOKENS DIALECT PATH CLIENT [MAX_TOTAL]
# Runs one bounded wrk load against 127.0.0.1, writes key=value results to OUTFILE and rewrites TOKENS with the
# tokens that are still valid afterwards (the ones rotated during the run). OUTFILE's load_cpu_per_1k is the CPU time
# (user + system) wrk used per 1,000 requests: the load generator shares the cores with the server it measures, so what
# it takes per request is taken from that server.
run_wrk() {
  local out="$1" url="$2" secs="$3" tokens="$4" dialect="$5" path="$6" client="$7" max="${8:-0}"
  case "$url" in http://127.0.0.1:*) ;; *) die "load goes to 127.0.0.1 only, not $url" ;; esac
  local per_thread=0
  [ "$max" -gt 0 ] && per_thread=$(( (max + BENCH_THREADS - 1) / BENCH_THREADS ))
  # In a subshell, so that `times` reports the CPU of that subshell's children only: timeout and the wrk it waits for.
  ( BENCH_TOKENS="$tokens" BENCH_TOKENS_OUT="$tokens.next" BENCH_DIALECT="$dialect" BENCH_PATH="$path" \
      BENCH_CLIENT="$client" BENCH_MAX="$per_thread" BENCH_OUT="$out" BENCH_THREADS="$BENCH_THREADS" \
      timeout $(( secs + 30 )) wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${secs}s" --timeout "$BENCH_TIMEOUT" \
        -s "$BENCH_DIR/wrk/refresh.lua" "$url" >"$out.log" 2>&1 && times >"$out.times" ) \
    || { cat "$out.log" >&2; die "wrk failed"; }
  [ -s "$out" ] || { cat "$out.log" >&2; die "wrk wrote no results"; }
  echo "load_cpu_per_1k=$(awk -v t="$(children_cpu_seconds "$out.times")" -v n="$(kv "$out" requests)" \
    'BEGIN {printf "%.3f", n ? t / n * 1000 : 0}')" >>"$out"
  mv "$tokens.next" "$tokens"
}

# children_cpu_seconds FILE: user + system seconds of the children's line (the second) of bash's `times` output,
# which reads like "1m2.345s 0m4.500s".
children_cpu_seconds() {
  awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); sub(",", ".", p[2]); t += p[1] * 60 + p[2] }
    printf "%.3f", t
  }' "$1"
}

# take_last_token FILE: prints the last line of FILE and removes it from FILE.
take_last_token() {
  tail -n 1 "$1"; sed -i '$d' "$1"
}

# kv FILE KEY: a value from a key=value file.
kv() { awk -F= -v k="$2" '$1 == k {print $2; exit}' "$1"; }
