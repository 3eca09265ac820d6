#!/usr/bin/env bash
# Side-by-side A/B of Rotor builds, on the embedded store or on PostgreSQL, in windows that alternate: this host's
# speed drifts by up to half within an hour, so two bench/run.sh runs minutes apart compare the host as much as the
# code. Every server is seeded and running at once; all but the measured one are paused (SIGSTOP), and each round
# measures each server for SECS seconds in turn. Not part of run.sh; for deciding whether a change is worth keeping.
#
# Usage: bench/interleave.sh ROUNDS SECS CHECKOUT[|JAVA_OPTS] CHECKOUT[|JAVA_OPTS]...
#   e.g. git worktree add /tmp/b HEAD~1; bench/interleave.sh 10 8 "$PWD" /tmp/b
# Prints one line per window: round, server, req/s, p99 ms, Rotor CPU s per 1,000 requests, wrk's likewise, host CPU
# busy (user+system+irq+softirq) and iowait, failures; on PostgreSQL also the database server's CPU s per 1,000
# requests (all of its processes). BENCH_DIALECTS (one dialect, default oauth2) and SESSIONS (default 640: each window
# may lose one token per connection) as in run.sh; the JDK is BENCH_ROTOR_JAVA_HOME or java on PATH. BENCH_STORE:
# sqlite (default) or pg: each server then has its own database rotor_ab<n> on BENCH_PG_URL's server.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '7,10p' "$0" >&2; exit 2; }
rounds=$1; secs=$2; shift 2
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/rotor.sh"
BENCH_DIALECTS=${BENCH_DIALECTS:-oauth2}
rotor_check_dialects 1
BENCH_THREADS=2; BENCH_CONNECTIONS=16; BENCH_TIMEOUT=10s; BENCH_MAX_REQUESTS=${BENCH_MAX_REQUESTS:-2000000}
work="$(mktemp -d)"
trap 'stop_all; rm -rf "$work"' EXIT
path="$(rotor_refresh_path "$BENCH_DIALECTS")"
pids=(); ports=(); names=()
store=${BENCH_STORE:-sqlite}
case "$store" in
  sqlite) ;;
  pg) : "${BENCH_PG_URL:=postgresql://postgres@127.0.0.1:5432/rotor_bench}"
      [[ "$BENCH_PG_URL" == postgresql://*@127.0.0.1:* ]] || die "BENCH_PG_URL must point at 127.0.0.1" ;;
  *) die "BENCH_STORE must be sqlite or pg" ;;
esac
# store_args N: what server N's seeding and serving add to --data
store_args() {
  [ "$store" = pg ] || return 0
  echo --store "${BENCH_PG_URL%/*}/rotor_ab$1"
}
# pg_ticks: CPU ticks (utime + stime) of every process of the PostgreSQL server; 0 on the embedded store
pg_ticks() {
  local t=0 p v
  if [ "$store" = pg ]; then
    # a backend may exit between pgrep and cpu_ticks: it then counts 0
    for p in $(pgrep -x postgres); do
      if v=$(cpu_ticks "$p" 2>/dev/null); then t=$(( t + v )); fi
    done
  fi
  echo "$t"
}
for spec in "$@"; do
  n=${#pids[@]}
  if [ "$store" = pg ]; then recreate_pg_db "${BENCH_PG_URL%/*}/postgres" "rotor_ab$n"; fi
  # shellcheck disable=SC2046
  rotor_start_build "$spec" $((18200 + n)) "$work/data$n" 32 $(store_args "$n")
  rotor_tokens "$BENCH_DIALECTS" "${SESSIONS:-640}" 32 "$work/tokens$n"
  # 20 s: C2 compiles the refresh path for about 15 s after load begins (its thread's CPU, sampled every 5 s on a slow
  # host), and with 10 s the first round's windows still ran beside the compiler.
  run_wrk "$work/warm$n" "$(rotor_url)" 20 "$work/tokens$n" "$BENCH_DIALECTS" "$path" "$RB_CLIENT" "$BENCH_MAX_REQUESTS"
  kill -STOP -- "-$RB_PID"
  pids+=("$RB_PID"); ports+=("$BENCH_ROTOR_PORT"); names+=("$spec")
done
# per_1k TICKS REQUESTS: CPU seconds per 1,000 requests
per_1k() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN {printf "%.3f", t / hz / n * 1000}'; }
# host CPU ticks: busy (user nice system irq softirq) and iowait, idle
host_ticks() { local _ u n s i w q sq _r; read -r _ u n s i w q sq _r </proc/stat; echo "$((u + n + s + q + sq)) $w $i"; }
for r in $(seq 1 "$rounds"); do
  for i in "${!pids[@]}"; do
    kill -CONT -- "-${pids[$i]}"; sleep 0.5
    read -r b0 w0 i0 <<<"$(host_ticks)"; c0=$(cpu_ticks "${pids[$i]}"); p0=$(pg_ticks)
    run_wrk "$work/m$i" "http://127.0.0.1:${ports[$i]}" "$secs" "$work/tokens$i" "$BENCH_DIALECTS" "$path" "$RB_CLIENT" "$BENCH_MAX_REQUESTS"
    p1=$(pg_ticks); c1=$(cpu_ticks "${pids[$i]}"); read -r b1 w1 i1 <<<"$(host_ticks)"
    kill -STOP -- "-${pids[$i]}"
    req=$(kv "$work/m$i" requests); all=$(( b1 - b0 + w1 - w0 + i1 - i0 )); pg=""
    if [ "$store" = pg ]; then pg=" pg/1k $(per_1k $((p1 - p0)) "$req")"; fi
    printf '%s %s %s req/s p99 %s ms cpu/1k %s%s wrk/1k %s busy %s%% iowait %s%% failures %s  %s\n' "$r" "$i" \
      "$(kv "$work/m$i" rps)" "$(kv "$work/m$i" p99_ms)" "$(per_1k $((c1 - c0)) "$req")" \
      "$pg" "$(kv "$work/m$i" load_cpu_per_1k)" \
      $(( 100 * (b1 - b0) / all )) $(( 100 * (w1 - w0) / all )) \
      $(( $(kv "$work/m$i" non2xx) + $(kv "$work/m$i" socket_errors) + $(kv "$work/m$i" no_token) )) "${names[$i]}"
  done
done
