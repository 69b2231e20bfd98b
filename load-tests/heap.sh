#!/usr/bin/env bash
# Heap and native memory under sustained load: the Strangler gateway with -Xmx256m, a GC log and
# Native Memory Tracking, for DURATION seconds (default 1800) at a fixed moderate RATE (default
# 200 requests per second, open model: OpenLoad sends on schedule whatever the gateway answers)
# spread over every route of the benchmark rules (canary; shadow with a fast, a 300 ms slow and a
# dead side; two failing modern sides; a route under a rollout plan; paths no route matches).
#
# Every SAMPLE_EVERY seconds (60) the script asks for a full collection (jcmd GC.run) and records
# what is live after it (from the GC log), the old generation, direct buffers (the JVM's and
# Reactor Netty's allocator metrics), native memory (NMT: total committed, and "Other", where
# direct ByteBuffers are counted), the resident set size and live threads. Writes to
# load-tests/target/heap/: gc.log, samples.tsv, nmt-*.txt and summary.md.
#
#   load-tests/heap.sh                        # 30 minutes at 200 req/s
#   DURATION=300 RATE=400 load-tests/heap.sh  # a shorter look
set -euo pipefail
DURATION=${DURATION:-1800}
RATE=${RATE:-200}
SAMPLE_EVERY=${SAMPLE_EVERY:-60}
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/heap}
MAX_SECONDS=$((DURATION + 300))
GATEWAY_JAVA_OPTS="-Xmx256m"

mkdir -p "$OUT"
rm -f "$OUT"/gc.log* "$OUT/samples.tsv" "$OUT"/nmt-*.txt "$OUT/load.txt"
trap stop_started EXIT
trap 'exit 130' INT TERM
build_all
machine_summary >"$OUT/machine.md"
write_heap_rules "$OUT/rules.yaml"
start_backend "$LEGACY_PORT" "$MODERN_PORT" "$FAILING_PORT:503" "$SLOW_PORT:200:$SLOW_SHADOW_MS"
start_strangler "$OUT/rules.yaml" "-Xlog:gc*:file=$OUT/gc.log:uptime,level,tags" \
  -XX:NativeMemoryTracking=summary
JAVA_PID=$(java_pid_of "$STRANGLER_PID")

mib() { awk -v b="${1:-0}" 'BEGIN {printf "%.1f", b / 1048576}'; }

# nmt FILE: "total committed MiB<TAB>Other committed MiB" of an NMT summary.
nmt() {
  awk '/^Total:/ {match($0, /committed=[0-9]+KB/); t = substr($0, RSTART + 10, RLENGTH - 12)}
       /^-  *Other \(/ {match($0, /committed=[0-9]+KB/); o = substr($0, RSTART + 10, RLENGTH - 12)}
       END {printf "%.1f\t%.1f", t / 1024, o / 1024}' "$1"
}

# sample SECONDS: a full collection, then one line of samples.tsv.
sample() {
  local scrape live rss
  jcmd "$JAVA_PID" GC.run >/dev/null 2>&1 || true
  sleep 1
  # [123.456s][info][gc] GC(812) Pause Full (System.gc()) 61M->27M(256M) 95.123ms
  live=$({ grep -E '\]\[gc +\] GC\([0-9]+\) Pause Full \((System.gc\(\)|Diagnostic Command)\)' "$OUT/gc.log" || true; } | tail -1 \
    | sed -E 's/.* [0-9]+M->([0-9]+)M.*/\1/')
  scrape=$(curl -s --max-time 5 "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" || true)
  jcmd "$JAVA_PID" VM.native_memory summary >"$OUT/nmt-$1.txt" 2>&1 || true
  rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$JAVA_PID/status" 2>/dev/null || echo 0)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "${live:-?}" \
    "$(mib "$(awk '/^jvm_memory_used_bytes\{.*id="G1 Old Gen"/ {s += $NF} END {printf "%.0f", s}' <<<"$scrape")")" \
    "$(mib "$(awk '/^jvm_buffer_memory_used_bytes\{.*id="direct"/ {s += $NF} END {printf "%.0f", s}' <<<"$scrape")")" \
    "$(awk '/^reactor_netty_bytebuf_allocator_used_direct_memory/ {s += $NF; n++} END {if (n) printf "%.1f", s / 1048576; else print "-"}' <<<"$scrape")" \
    "$(nmt "$OUT/nmt-$1.txt")" "$rss	$(awk '/^jvm_threads_live_threads[{ ]/ {print $NF}' <<<"$scrape")" >>"$OUT/samples.tsv"
}

PATHS=(/api/canary/items/{user} /api/shadow/items/{user} /api/slow-shadow/items/{user}
  /api/dead-shadow/items/{user} /api/failing/items/{user} /api/dead-modern/items/{user}
  /api/plan/items/{user} /other/{user})
log "sustained load: ${RATE} req/s for ${DURATION}s over ${#PATHS[@]} paths"
sample 0
timeout "$((DURATION + 60))" java -Xmx512m -cp "$(loadtests_classpath)" dev.strangler.loadtests.open.OpenLoad \
  "--base=http://127.0.0.1:$STRANGLER_PORT" "${PATHS[@]/#/--path=}" "--rate=$RATE" \
  "--seconds=$DURATION" --warmup=0 --users=100000 >"$OUT/load.txt" 2>"$OUT/load.err" &
LOAD_PID=$!
start=$(date +%s)
next=$SAMPLE_EVERY
while kill -0 "$LOAD_PID" 2>/dev/null; do
  if (($(date +%s) - start >= next)); then
    sample "$next"
    next=$((next + SAMPLE_EVERY))
  fi
  sleep 1
done
wait "$LOAD_PID" || true
curl -s --max-time 5 "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" >"$OUT/end-scrape.txt" || true
sample end

{
  echo "## Heap under sustained load (-Xmx256m, ${DURATION}s at ${RATE} req/s)"
  echo
  cat "$OUT/machine.md"
  echo
  if read -r _ rate sent completed duration p50 p90 p99 p999 max non2xx errors dropped lag _ < <(grep '^RESULT' "$OUT/load.txt"); then
    echo "Load (OpenLoad, open model, ${#PATHS[@]} paths in turn): $sent requests sent at $rate req/s, $completed answered; latency p50 $p50 µs, p90 $p90 µs, p99 $p99 µs, p99.9 $p999 µs, max $max µs; $non2xx non-2xx/3xx (the failing routes fall back, so 0 is expected), $errors errors, $dropped not sent (in-flight bound), generator lag p99 $lag µs."
  else
    echo "Load: no result line (see $OUT/load.txt)."
  fi
  echo
  echo "Every ${SAMPLE_EVERY} s, after a full collection (jcmd GC.run): live heap after it (GC log), G1 old generation, direct buffers (jvm_buffer_memory_used_bytes{id=direct}; Reactor Netty's allocator metric, - when the gateway does not publish it), native memory tracking (total committed; Other = direct ByteBuffers and other Unsafe allocations), RSS, live threads. MiB."
  echo
  echo "| seconds | live after full GC | old gen | JVM direct buffers | Netty allocator direct | NMT committed | NMT Other | RSS | threads |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}' "$OUT/samples.tsv"
  echo
  echo "Young collections per minute (GC log; heap after each, MiB):"
  echo
  echo "| minute | young collections | after GC min | after GC max | pause max ms |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  # [12.345s][info][gc          ] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 120M->14M(256M) 2.345ms
  awk '/\]\[gc +\] GC\([0-9]+\) Pause Young/ {
      match($0, /^\[[0-9.]+s\]/); t = substr($0, 2, RLENGTH - 3) + 0; m = int(t / 60);
      if (match($0, /[0-9]+M->[0-9]+M/)) { split(substr($0, RSTART, RLENGTH), a, "->"); after = a[2] + 0 }
      ms = $NF; sub(/ms$/, "", ms);
      n[m]++; if (!(m in lo) || after < lo[m]) lo[m] = after; if (after > hi[m]) hi[m] = after;
      if (ms + 0 > pmax[m]) pmax[m] = ms + 0
    }
    END { for (i = 0; i <= 1000; i++) if (i in n) printf "| %d | %d | %d | %d | %.1f |\n", i, n[i], lo[i], hi[i], pmax[i] }' "$OUT/gc.log"
  echo
  echo "GC log summary (pauses by kind; the full collections are the script's own GC.run):"
  echo
  echo "| pause | count | total ms | mean ms | max ms |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  awk '/\]\[gc +\] GC\([0-9]+\) Pause/ {
      kind = $0; sub(/.*\] GC\([0-9]+\) /, "", kind); sub(/ [0-9]+M->.*/, "", kind);
      ms = $NF; sub(/ms$/, "", ms); n[kind]++; s[kind] += ms; if (ms + 0 > mx[kind]) mx[kind] = ms + 0
    }
    END { for (k in n) printf "| %s | %d | %.1f | %.2f | %.1f |\n", k, n[k], s[k], s[k] / n[k], mx[k] }' "$OUT/gc.log" | sort
  echo
  echo "Shadow copies by route and result, requests by route and side, at the end:"
  echo
  echo '```'
  grep -E '^(strangler_shadow_requests_total|strangler_requests_total)\{' "$OUT/end-scrape.txt" | grep -v ' 0\.0$' || true
  echo '```'
} | tee "$OUT/summary.md"
