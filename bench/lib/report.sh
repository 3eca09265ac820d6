# Turns the per-system result files (key=value, one file per row, in run order) into the markdown table, the target
# checks and the PNG chart. Sourced after common.sh.

# record_row FILE key=value...: writes one row's results.
record_row() {
  local file="$1"; shift
  printf '%s\n' "$@" >"$file"
  basename "$file" >>"$(dirname "$file")/order"   # the table keeps the order the rows were measured in
}

# rows_in_order ROWS: the row files, in measuring order.
rows_in_order() {
  [ -f "$1/order" ] || return 0
  sed "s|^|$1/|" "$1/order"
}

# report ROWS_DIR OUT_DIR STAMP: writes OUT_DIR/results-STAMP.md (+ results.md, a copy of the newest) and the chart.
report() {
  local rows="$1" out="$2" stamp="$3" md png dat f
  md="$out/results-$stamp.md"
  png="$out/results-$stamp.png"
  dat="$rows/chart.dat"
  mkdir -p "$out"
  {
    echo "# Refresh benchmark, $stamp"
    echo
    echo "Host: $(nproc) CPU cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
         "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; load generator wrk" \
         "$(wrk -v 2>&1 | awk 'NR==1 {print $2}'), ${BENCH_THREADS} threads, ${BENCH_CONNECTIONS} connections," \
         "warm-up ${BENCH_WARMUP} s (Keycloak ${BENCH_KC_WARMUP} s), measured ${BENCH_DURATION} s (at most ${BENCH_MAX_REQUESTS} requests);" \
         "${BENCH_SESSIONS} sessions of ${BENCH_USERS} users in Rotor's load (Keycloak gets more, for the tokens its more numerous" \
         "runs lose in flight: about one per connection each); every refresh rotates."
    echo
    echo "| system | dialect (signature) | store | JVM | req/s | p50 ms | p90 ms | p99 ms | non-2xx | CPU s / 1k req | wrk CPU s / 1k req | peak RSS MiB | start → 1st refresh ms |"
    echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for f in $(rows_in_order "$rows"); do
      awk -F= '{v[$1]=substr($0, index($0, "=") + 1)}
        END {
          printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
            v["system"] (v["pair"] == "" ? "" : ", pair of " v["pair"]), v["dialect"], v["store"], v["java"], sprintf("%.0f", v["rps"]), ms(v["p50_ms"]), ms(v["p90_ms"]), ms(v["p99_ms"]),
            d(v["failures"]), d(v["cpu_per_1k"]), d(v["load_cpu_per_1k"]), d(v["rss_mib"]), d(v["first_refresh_ms"])
        }
        function d(x) { return x == "" ? "–" : x }
        function ms(x) { return x == "" ? "–" : sprintf(x < 10 ? "%.2f" : "%.1f", x) }' "$f"
    done
    echo
    echo "non-2xx counts every answer outside 200–299 plus socket errors and 2xx answers without a new refresh token."
    echo "CPU is the server process's utime+stime over the measured window only (from /proc/<pid>/stat); wrk CPU is the"
    echo "load generator's over that window, taken from the same cores as the server's; peak RSS is"
    echo "its VmHWM at the end of the run; start → 1st refresh is from launching the process (on a store that already"
    echo "holds the sessions) to the first 200 of a refresh polled every 10 ms. The JMH rows run one refresh through"
    echo "core on the SQLite store plus one access-token signature, with no HTTP, on as many threads as wrk has connections."
    echo
    [ -f "$rows/notes" ] && { cat "$rows/notes"; echo; }
    targets "$rows"
    other_keycloaks "$rows"
  } >"$md"
  cp "$md" "$out/results.md"
  chart "$rows" "$png" && cp "$png" "$out/results.png"
  cat "$md"
  log "wrote $md and $png"
}

# rowval ROWS NAME KEY: a value of one row, by row name (the file name without .row).
rowval() { [ -f "$1/$2.row" ] && kv "$1/$2.row" "$3"; }

# targets ROWS: the issue's targets, checked against whatever rows this run produced. Each Rotor row is compared with
# its Keycloak pair (row keycloak-vs-NAME, measured right after it) when there is one, else with row keycloak.
targets() {
  local rows="$1" kc kc_rps kc_p50 pairs r name rps p99 ceil rss ttfr
  echo "## Targets"
  echo
  kc="$(rows_in_order "$rows" | grep -m1 -E '/keycloak(-vs-[^/]*)?\.row$' || true)"
  if [ -n "$kc" ]; then
    pairs="$(for k in $(rows_in_order "$rows" | grep '/keycloak-vs-'); do printf '%.0f\n' "$(kv "$k" rps)"; done | paste -sd/ -)"
    printf 'Keycloak in these targets runs on %s, whose commits are durable as Rotor'"'"'s are%s\n\n' "$(kv "$kc" store)" \
      "$([ -n "$pairs" ] && echo "; each Rotor row is compared with the Keycloak run measured right after it ($pairs req/s)." || echo .)"
  fi
  echo "| target | row | measured | met |"
  echo "|---|---|---|---|"
  for r in $(rows_in_order "$rows" | grep '/rotor-'); do
    name="$(basename "$r" .row)"
    rps="$(kv "$r" rps)"; p99="$(kv "$r" p99_ms)"; rss="$(kv "$r" rss_mib)"; ttfr="$(kv "$r" first_refresh_ms)"
    kc="keycloak-vs-$name"; [ -f "$rows/$kc.row" ] || kc=keycloak
    kc_rps="$(rowval "$rows" "$kc" rps || true)"
    kc_p50="$(rowval "$rows" "$kc" p50_ms || true)"
    if [ -n "$kc_rps" ]; then
      check "req/s ≥ 20 × Keycloak" "$name" "$(awk -v a="$rps" -v b="$kc_rps" 'BEGIN {printf "%.1f× (%.0f vs %.0f)", a / b, a, b}')" \
        "$(awk -v a="$rps" -v b="$kc_rps" 'BEGIN {print (a >= 20 * b)}')"
      check "p99 ≤ Keycloak p50" "$name" "$p99 ms vs $kc_p50 ms" \
        "$(awk -v a="$p99" -v b="$kc_p50" 'BEGIN {print (a <= b)}')"
    fi
    ceil="$(rowval "$rows" "jmh-$(kv "$r" alg)" rps || true)"
    # The ceiling is of the SQLite store (JMH runs core on it), so only SQLite rows are held to it.
    if [ -n "$ceil" ] && [[ "$(kv "$r" store)" == SQLite* ]]; then
      check "HTTP ≥ 50% of the JMH ceiling" "$name" "$(awk -v a="$rps" -v b="$ceil" 'BEGIN {printf "%.0f%% of %s", 100 * a / b, b}')" \
        "$(awk -v a="$rps" -v b="$ceil" 'BEGIN {print (a >= 0.5 * b)}')"
    fi
    check "start → 1st refresh ≤ 1 s" "$name" "$ttfr ms" "$(awk -v a="$ttfr" 'BEGIN {print (a != "" && a <= 1000)}')"
    check "peak RSS < 256 MiB" "$name" "$rss MiB" "$(awk -v a="$rss" 'BEGIN {print (a != "" && a < 256)}')"
  done
}

# other_keycloaks ROWS: Rotor's ratio to each further Keycloak row (not a target).
other_keycloaks() {
  local rows="$1" k r
  for k in $(rows_in_order "$rows" | grep '/keycloak-' | grep -v '/keycloak-vs-'); do
    echo
    echo "For reference, against Keycloak on $(kv "$k" store) ($(kv "$k" rps) req/s, p50 $(kv "$k" p50_ms) ms):"
    for r in $(rows_in_order "$rows" | grep '/rotor-'); do
      echo "$(basename "$r" .row) $(awk -v a="$(kv "$r" rps)" -v b="$(kv "$k" rps)" 'BEGIN {printf "%.1f×", a / b}')"
    done | paste -sd, - | sed 's/,/, /g'
  done
}

check() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$([ "$4" = 1 ] && echo yes || echo "**no**")"; }

# chart ROWS PNG: throughput (log scale) and p99 per system, one above the other.
chart() {
  local rows="$1" png="$2" dat="$1/chart.dat" f
  command -v gnuplot >/dev/null 2>&1 || { log "gnuplot is not installed: no chart"; return 1; }
  : >"$dat"
  for f in $(rows_in_order "$rows"); do
    awk -F= '{v[$1]=substr($0, index($0, "=") + 1)}
      END { label = v["system"] "\\n" v["dialect"] (v["store"] == "–" ? "" : "\\n" v["store"]);
            gsub(/, | \+ /, "&\\n", label) # short lines, so that the upright labels of neighbours do not overlap
            printf "\"%s\" %s %s\n", label, v["rps"], (v["p99_ms"] == "" ? "NaN" : v["p99_ms"]) }' "$f" >>"$dat"
  done
  gnuplot <<EOF || { log "gnuplot failed: no chart"; return 1; }
set terminal pngcairo size 1700,1100 font "DejaVu Sans,10"
set output "$png"
set multiplot layout 2,1 title "Refresh with rotation: Rotor vs Keycloak (same host, same wrk load)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.8
set xtics noenhanced font ",9"
set bmargin 5
set rmargin 4
set offsets 0, 0, graph 0.08, 0
set grid ytics
set key off
set title "throughput (requests/s, log scale; higher is better)"
set logscale y
set yrange [1:*]
plot "$dat" using 2:xtic(1) lc rgb "#2e7d32", '' using 0:2:(sprintf("%.0f", \$2)) with labels offset 0,0.7
unset logscale y
set yrange [0:*]
set title "p99 latency (ms; lower is better; JMH rows have none)"
plot "$dat" using 3:xtic(1) lc rgb "#c62828", '' using 0:3:(sprintf("%.1f", \$3)) with labels offset 0,0.7
unset multiplot
EOF
}
