#!/usr/bin/env bash
# Heap under sustained load: the Strangler gateway with -Xmx256m and a GC log, under wrk for
# DURATION seconds (default 300) over every route of the benchmark rules, including a shadow route
# whose shadow side is dead and two routes whose modern side fails. Every 10 s the old generation
# and the heap in use are read from the gateway's Micrometer JVM metrics. Writes to
# load-tests/target/heap/: gc.log, heap-samples.tsv and summary.md (heap after GC, minute by minute).
set -euo pipefail
DURATION=${DURATION:-300}
CONNECTIONS=${CONNECTIONS:-32}
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/heap}
MAX_SECONDS=$((DURATION + 300))
GATEWAY_JAVA_OPTS="-Xmx256m"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/gc.log" "$OUT/heap-samples.tsv"
trap stop_started EXIT
trap 'exit 130' INT TERM
build_all
write_bench_rules "$OUT/rules.yaml"
start_backend "$LEGACY_PORT" "$MODERN_PORT" "$FAILING_PORT:503" "$SLOW_PORT:200:$SLOW_SHADOW_MS"
start_strangler "$OUT/rules.yaml" "-Xlog:gc*:file=$OUT/gc.log:uptime,level,tags"

sample() {
  local scrape
  scrape=$(curl -s --max-time 5 "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" || true)
  printf '%s\t%.1f\t%.1f\t%s\n' "$1" \
    "$(awk '/^jvm_memory_used_bytes\{.*id="G1 Old Gen"/ {s += $NF} END {print s / 1048576}' <<<"$scrape")" \
    "$(awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {print s / 1048576}' <<<"$scrape")" \
    "$(awk '/^jvm_threads_live_threads[{ ]/ {print $NF}' <<<"$scrape")" >>"$OUT/heap-samples.tsv"
}

log "sustained load for ${DURATION}s, $CONNECTIONS connections"
timeout "$((DURATION + 60))" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$LT/lib/heap.lua" \
  "http://127.0.0.1:$STRANGLER_PORT/" >"$OUT/wrk.txt" &
WRK_PID=$!
start=$(date +%s)
while kill -0 "$WRK_PID" 2>/dev/null; do
  sample "$(($(date +%s) - start))"
  sleep 10
done
wait "$WRK_PID" || true
# What became of the shadow copies: compared, or dropped at strangler.shadow.max-concurrent, or
# failed (dead side, timeout); the bound is what keeps the heap flat with a slow or dead side.
curl -s --max-time 5 "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" \
  | grep '^strangler_shadow_requests_total' >"$OUT/shadow-results.txt" || true
jcmd "$(java_pid_of "$STRANGLER_PID")" GC.run >/dev/null 2>&1 || true
sleep 2
sample "end+GC.run"

{
  echo "## Heap under sustained load (-Xmx256m, ${DURATION}s)"
  echo
  read -r _ requests duration p50 _ p99 _ non2xx errors < <(grep '^RESULT' "$OUT/wrk.txt")
  echo "wrk: $requests requests, $((requests * 1000000 / duration)) req/s, p50 $((p50 / 1000)) ms, p99 $((p99 / 1000)) ms, non-2xx $non2xx, socket errors $errors."
  echo
  echo "Heap after each collection, from the GC log, per minute of the run (MiB):"
  echo
  echo "| minute | collections | after GC min | after GC max | after GC last | pause max ms |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
  # [12.345s][info][gc          ] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 120M->14M(256M) 2.345ms
  awk '/\]\[gc +\] GC\([0-9]+\) Pause/ {
      match($0, /^\[[0-9.]+s\]/); t = substr($0, 2, RLENGTH - 3) + 0; m = int(t / 60);
      if (match($0, /[0-9]+M->[0-9]+M/)) { split(substr($0, RSTART, RLENGTH), a, "->"); after = a[2] + 0 }
      ms = $NF; sub(/ms$/, "", ms);
      n[m]++; if (!(m in lo) || after < lo[m]) lo[m] = after; if (after > hi[m]) hi[m] = after; last[m] = after;
      if (ms + 0 > pmax[m]) pmax[m] = ms + 0
    }
    END { for (i = 0; i <= 100; i++) if (i in n) printf "| %d | %d | %d | %d | %d | %.1f |\n", i, n[i], lo[i], hi[i], last[i], pmax[i] }' "$OUT/gc.log"
  echo
  echo "Micrometer samples every 10 s (seconds into the run, G1 old generation used MiB, heap used MiB, live threads):"
  echo
  echo '```'
  cat "$OUT/heap-samples.tsv"
  echo '```'
  echo
  echo "Shadow copies by route and result at the end:"
  echo
  echo '```'
  cat "$OUT/shadow-results.txt"
  echo '```'
} | tee "$OUT/summary.md"
