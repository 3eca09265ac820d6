#!/usr/bin/env bash
# Side-by-side A/B of Rotor builds under login load (oauth2 password grant, one Argon2id verification per login), in
# alternating windows as bench/interleave.sh does for refreshes: every server runs at once, all but the measured one
# paused (SIGSTOP). Not part of run.sh; for deciding whether a change to login or password hashing is worth keeping.
#
# Usage: bench/logins.sh ROUNDS SECS CHECKOUT[|JAVA_OPTS] CHECKOUT[|JAVA_OPTS]...
#   e.g. git worktree add /tmp/b HEAD~1; bench/logins.sh 6 15 "$PWD" /tmp/b
# Prints one line per window: round, server, logins/s, p50 and p99 ms, failures, collections and full collections in
# the window (jstat), then each server's peak RSS. CONNECTIONS (default 4) logins run at once over 32 users; the JDK
# is BENCH_ROTOR_JAVA_HOME or java on PATH, and must have jstat.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '6,7p' "$0" >&2; exit 2; }
rounds=$1; secs=$2; shift 2
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/rotor.sh"
users=32
work="$(mktemp -d)"
trap 'stop_all; rm -rf "$work"' EXIT
jstat="$(PATH="$(rotor_path)" command -v jstat)" || die "no jstat in the JDK on PATH"
# gcs PID: young and full collections so far ("YGC FGC").
gcs() { "$jstat" -gc "$1" | awk 'NR == 2 {for (i = 1; i <= NF; i++) if (h[i] == "YGC") y = $i; else if (h[i] == "FGC") f = $i; print y, f}
  NR == 1 {for (i = 1; i <= NF; i++) h[i] = $i}'; }
logins() {
  BENCH_USERS=$users BENCH_CLIENT="$RB_CLIENT" BENCH_PASSWORD="$RB_PASSWORD" timeout $(( $2 + 30 )) \
    wrk -t2 -c"${CONNECTIONS:-4}" -d"$2s" --timeout 30s -s "$BENCH_DIR/wrk/login.lua" "$1" | grep '^rps='
}
pids=(); ports=(); names=()
for spec in "$@"; do
  n=${#pids[@]}
  rotor_start_build "$spec" $((18300 + n)) "$work/data$n" "$users"
  logins "$(rotor_url)" 10 >/dev/null # warm-up; also re-hashes the imported users to Argon2id at their first login
  kill -STOP -- "-$RB_PID"
  pids+=("$RB_PID"); ports+=("$BENCH_ROTOR_PORT"); names+=("$spec")
done
for r in $(seq 1 "$rounds"); do
  for i in "${!pids[@]}"; do
    kill -CONT -- "-${pids[$i]}"; sleep 0.5
    read -r y0 f0 <<<"$(gcs "${pids[$i]}")"
    result="$(logins "http://127.0.0.1:${ports[$i]}" "$secs")"
    read -r y1 f1 <<<"$(gcs "${pids[$i]}")"
    kill -STOP -- "-${pids[$i]}"
    echo "$r $i $result collections=$(( y1 - y0 + f1 - f0 )) full=$(( f1 - f0 ))  ${names[$i]}"
  done
done
for i in "${!pids[@]}"; do echo "server $i peak RSS $(( $(peak_rss_kib "${pids[$i]}") / 1024 )) MiB  ${names[$i]}"; done
