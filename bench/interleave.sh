#!/usr/bin/env bash
# Side-by-side A/B of Rotor builds on the embedded store, in windows that alternate: this host's speed drifts by up to
# half within an hour, so two bench/run.sh runs minutes apart compare the host as much as the code. Every server is
# seeded and running at once; all but the measured one are paused (SIGSTOP), and each round measures each server for
# SECS seconds in turn. Not part of run.sh; for deciding whether a change is worth keeping.
#
# Usage: bench/interleave.sh ROUNDS SECS CHECKOUT[|JAVA_OPTS] CHECKOUT[|JAVA_OPTS]...
#   e.g. git worktree add /tmp/b HEAD~1; bench/interleave.sh 10 8 "$PWD" /tmp/b
# Prints one line per window: round, server, req/s, p99 ms, Rotor CPU s per 1,000 requests, host CPU busy (user+system
# +irq+softirq) and iowait, failures. BENCH_DIALECTS (one dialect, default oauth2) and SESSIONS (default 640: each
# window may lose one token per connection) as in run.sh; the JDK is BENCH_ROTOR_JAVA_HOME or java on PATH.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '6,9p' "$0" >&2; exit 2; }
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
for spec in "$@"; do
  n=${#pids[@]}
  rotor_start_build "$spec" $((18200 + n)) "$work/data$n" 32
  rotor_tokens "$BENCH_DIALECTS" "${SESSIONS:-640}" 32 "$work/tokens$n"
  run_wrk "$work/warm$n" "$(rotor_url)" 10 "$work/tokens$n" "$BENCH_DIALECTS" "$path" "$RB_CLIENT" "$BENCH_MAX_REQUESTS"
  kill -STOP -- "-$RB_PID"
  pids+=("$RB_PID"); ports+=("$BENCH_ROTOR_PORT"); names+=("$spec")
done
# host CPU ticks: busy (user nice system irq softirq) and iowait, idle
host_ticks() { local _ u n s i w q sq _r; read -r _ u n s i w q sq _r </proc/stat; echo "$((u + n + s + q + sq)) $w $i"; }
for r in $(seq 1 "$rounds"); do
  for i in "${!pids[@]}"; do
    kill -CONT -- "-${pids[$i]}"; sleep 0.5
    read -r b0 w0 i0 <<<"$(host_ticks)"; c0=$(cpu_ticks "${pids[$i]}")
    run_wrk "$work/m$i" "http://127.0.0.1:${ports[$i]}" "$secs" "$work/tokens$i" "$BENCH_DIALECTS" "$path" "$RB_CLIENT" "$BENCH_MAX_REQUESTS"
    c1=$(cpu_ticks "${pids[$i]}"); read -r b1 w1 i1 <<<"$(host_ticks)"
    kill -STOP -- "-${pids[$i]}"
    req=$(kv "$work/m$i" requests); all=$(( b1 - b0 + w1 - w0 + i1 - i0 ))
    printf '%s %s %s req/s p99 %s ms cpu/1k %s busy %s%% iowait %s%% failures %s  %s\n' "$r" "$i" "$(kv "$work/m$i" rps)" \
      "$(kv "$work/m$i" p99_ms)" "$(awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN {printf "%.3f", t / hz / n * 1000}')" \
      $(( 100 * (b1 - b0) / all )) $(( 100 * (w1 - w0) / all )) \
      $(( $(kv "$work/m$i" non2xx) + $(kv "$work/m$i" socket_errors) + $(kv "$work/m$i" no_token) )) "${names[$i]}"
  done
done
