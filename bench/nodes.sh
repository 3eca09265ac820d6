#!/usr/bin/env bash
# Refresh throughput of one Rotor node and of two nodes on one PostgreSQL database (issue 4), measured the way
# bench/run.sh measures: wrk with bench/wrk/refresh.lua feeding rotated oauth2 refresh tokens back. With two nodes,
# two wrk runs go on in parallel, one per node, each with half of the connections and half of the sessions, and
# their rates are added. Both nodes run on this machine's cores, so the figure shows what sharing one database
# costs, not what a second machine would add.
# Usage: bench/nodes.sh   (env: BENCH_DURATION [20], BENCH_WARMUP [5], BENCH_PG_URL, BENCH_ROTOR_JAVA_HOME)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/rotor.sh"

: "${BENCH_DURATION:=20}"
: "${BENCH_WARMUP:=5}"
: "${BENCH_PG_URL:=postgresql://postgres@127.0.0.1:5432/rotor_nodes}"
BENCH_DIALECTS=oauth2
BENCH_THREADS=1
BENCH_CONNECTIONS=8
SESSIONS=64
PORTS=(18101 18102)

require_wrk
for tool in curl jq psql python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ "$BENCH_PG_URL" == postgresql://*@127.0.0.1:* ]] || die "BENCH_PG_URL must point at 127.0.0.1"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rotor-nodes.XXXXXX")"
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

db="${BENCH_PG_URL##*/}"; db="${db%%\?*}"
admin="${BENCH_PG_URL%/*}/postgres"
recreate_pg_db "$admin" "$db"
store=(--data "$WORK/data" --store "$BENCH_PG_URL")

rotor_build
rotor_seed 8 "${store[@]}"
pids=()
for port in "${PORTS[@]}"; do
  BENCH_ROTOR_PORT=$port rotor_start "$WORK/rotor-$port.log" "${store[@]}"
  pids+=("$RB_PID")
  BENCH_ROTOR_PORT=$port RB_PID=$RB_PID rotor_wait_ready 60
done
for port in "${PORTS[@]}"; do
  BENCH_ROTOR_PORT=$port rotor_tokens oauth2 "$SESSIONS" 8 "$WORK/tokens-$port"
done

# load PORT... : one wrk per port in parallel for SECONDS; prints the summed rate and the failures.
load() {
  local secs="$1"; shift
  local port jobs=()
  for port in "$@"; do
    run_wrk "$WORK/out-$port" "http://127.0.0.1:$port" "$secs" "$WORK/tokens-$port" oauth2 /oauth2/token \
      "$RB_CLIENT" 2000000 &
    jobs+=($!)
  done
  wait "${jobs[@]}"  # only the loads: the servers are background jobs of this shell too
  local rps=0 bad=0
  for port in "$@"; do
    rps=$(awk -v a="$rps" -v b="$(kv "$WORK/out-$port" rps)" 'BEGIN {printf "%.1f", a + b}')
    bad=$(( bad + $(kv "$WORK/out-$port" non2xx) + $(kv "$WORK/out-$port" no_token) + $(kv "$WORK/out-$port" socket_errors) ))
  done
  echo "$rps $bad"
}

BENCH_CONNECTIONS=16
load "$BENCH_WARMUP" "${PORTS[0]}" >/dev/null
read -r one one_bad < <(load "$BENCH_DURATION" "${PORTS[0]}")
log "1 node : $one refreshes/s, $one_bad failed (wrk -c16 on :${PORTS[0]})"

BENCH_CONNECTIONS=8
load "$BENCH_WARMUP" "${PORTS[@]}" >/dev/null
read -r two two_bad < <(load "$BENCH_DURATION" "${PORTS[@]}")
log "2 nodes: $two refreshes/s, $two_bad failed (wrk -c8 on each of :${PORTS[0]} and :${PORTS[1]})"
echo "| nodes | refreshes/s | failed |"
echo "|---|---|---|"
echo "| 1 | $one | $one_bad |"
echo "| 2 | $two | $two_bad |"
