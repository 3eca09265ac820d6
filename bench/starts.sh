#!/usr/bin/env bash
# Side-by-side start-up A/B of Rotor builds: launch to the first answered refresh, timed as bench/run.sh times it, with
# every build launched once per round in turn, so that the host's drift hits each alike. Not part of run.sh; for
# deciding whether a change to the start is worth keeping.
#
# Usage: bench/starts.sh ROUNDS CHECKOUT[|JAVA_OPTS] CHECKOUT[|JAVA_OPTS]...
#   e.g. git worktree add /tmp/b HEAD~1; bench/starts.sh 8 "$PWD" /tmp/b
# BENCH_DIALECTS: one dialect (default simplejwt). BENCH_STORE: sqlite (default) or pg (database rotor_starts, made
# afresh, on BENCH_PG_URL's server). Each checkout's AOT caches are deleted first and recorded again by
# one untimed launch that answers one refresh, so that every build starts from a cache recorded alike.
# Prints one line per launch, then each build's median and mean.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '6,7p' "$0" >&2; exit 2; }
rounds=$1; shift
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/rotor.sh"
BENCH_DIALECTS=${BENCH_DIALECTS:-simplejwt}
rotor_check_dialects 1
work="$(mktemp -d)"
trap 'stop_all; rm -rf "$work"' EXIT
case "${BENCH_STORE:-sqlite}" in
  sqlite) store=(--data "$work/data") ;;
  pg)
    : "${BENCH_PG_URL:=postgresql://postgres@127.0.0.1:5432/rotor_bench}"
    recreate_pg_db "${BENCH_PG_URL%/*}/postgres" rotor_starts
    store=(--data "$work/data" --store "${BENCH_PG_URL%/*}/rotor_starts") ;;
  *) die "BENCH_STORE must be sqlite or pg" ;;
esac
tokens="$work/tokens"

# timed_start SPEC: one launch of SPEC with the next token; prints milliseconds to its first refresh.
timed_start() {
  rotor_use_build "$1"
  rotor_start_timed "$work/serve.log" "$BENCH_DIALECTS" "$tokens" "${store[@]}"
  rotor_stop
  echo "$RB_FIRST_REFRESH_MS"
}

rotor_use_build "$1"
rotor_seed 2 "${store[@]}"
rotor_start "$work/seed.log" "${store[@]}"
rotor_wait_ready 60
rotor_tokens "$BENCH_DIALECTS" $(( (rounds + 1) * $# )) 2 "$tokens"
rotor_stop

for spec in "$@"; do
  rotor_use_build "$spec"
  rotor_forget_aot
done
for spec in "$@"; do
  log "recording the AOT cache: $(timed_start "$spec") ms  $spec"
done
for r in $(seq 1 "$rounds"); do
  for i in $(seq 1 $#); do
    ms="$(timed_start "${!i}")"
    printf '%s %s %s ms  %s\n' "$r" "$i" "$ms" "${!i}"
    echo "$ms" >>"$work/ms$i"
  done
done
for i in $(seq 1 $#); do
  sort -n "$work/ms$i" | awk -v spec="${!i}" '{ v[NR] = $1; sum += $1 }
    END { median = (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2
          printf "median %d ms, mean %d ms over %d launches  %s\n", median, sum / NR, NR, spec }'
done
