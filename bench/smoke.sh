#!/usr/bin/env bash
# CI smoke run of the benchmark's Rotor part, so that it cannot rot: Rotor on SQLite in a temporary directory, a few
# sessions per dialect, ~2 s of wrk refresh load with rotation on each of oauth2 and simplejwt. Fails unless every
# answer was 2xx with a new refresh token and the rate is above zero. Installs nothing; needs wrk, curl, jq and a JDK.
# Usage: bench/smoke.sh   (env: BENCH_SMOKE_SECONDS [2], BENCH_ROTOR_PORT [18091], BENCH_ROTOR_JAVA_HOME)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/rotor.sh"

: "${BENCH_SMOKE_SECONDS:=2}"
: "${BENCH_DIALECTS:=oauth2 simplejwt}"
BENCH_ROTOR_PORT="${BENCH_ROTOR_PORT_SMOKE:-18091}"
BENCH_THREADS=1
BENCH_CONNECTIONS=4
SESSIONS=16

rotor_check_dialects
require_wrk
for tool in curl jq java python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rotor-smoke.XXXXXX")"
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

log "smoke: seeding 2 users in $WORK/data"
rotor_seed 2 --data "$WORK/data"
rotor_start "$WORK/rotor.log" --data "$WORK/data"
rotor_wait_ready 60
log "smoke: ready $(( $(now_ms) - RB_START_MS )) ms after start"

status=0
for dialect in $BENCH_DIALECTS; do
  rotor_tokens "$dialect" "$SESSIONS" 2 "$WORK/$dialect.tokens"
  run_wrk "$WORK/$dialect.out" "$(rotor_url)" "$BENCH_SMOKE_SECONDS" "$WORK/$dialect.tokens" "$dialect" \
    "$(rotor_refresh_path "$dialect")" "$RB_CLIENT" 100000
  rps="$(kv "$WORK/$dialect.out" rps)"
  bad=$(( $(kv "$WORK/$dialect.out" non2xx) + $(kv "$WORK/$dialect.out" no_token) + $(kv "$WORK/$dialect.out" socket_errors) ))
  log "smoke $dialect: $(kv "$WORK/$dialect.out" requests) refreshes, $rps req/s, p99 $(kv "$WORK/$dialect.out" p99_ms) ms," \
    "wrk CPU $(kv "$WORK/$dialect.out" load_cpu_per_1k) s per 1k, $bad failed"
  if [ "$bad" -ne 0 ] || ! awk -v r="$rps" 'BEGIN {exit !(r > 0)}'; then
    log "FAIL: $dialect: $bad failed refreshes (want 0) at $rps req/s (want > 0)"
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  log "Rotor log (last 40 lines):"; tail -n 40 "$WORK/rotor.log" >&2
  exit 1
fi
log "smoke: OK"
