#!/usr/bin/env bash
# Cost curves, in one command: how the Strangler gateway's CPU per request and p99 grow with the
# work, for the canary route (proxied, 50 % sticky canary) and the 100 % shadow route (proxied,
# copied, both answers buffered and compared as JSON: where the diff cost lives), against
#   - the response body size: JSON documents of SIZES bytes (1 KiB to 1000 KiB; the backend
#     generates them for ?bytes=N, legacy's and modern's differing in one value, so that the shadow
#     route parses and walks both whole; all under the default max-compare-bytes of 1 MiB), and
#   - the number of request headers: HEADERS extra headers of 24-byte values on the small answer.
# Each point is an OpenLoad run at a fixed rate (open model; one generator JVM for all, warmed up
# GENERATOR_WARMUP seconds first, see start_generator in lib/stack.sh), so CPU per request is the gateway's
# CPU time over the run divided by the requests it served. `direct` (the backend alone) is
# measured too, for what the backend and the generator cost at the same point. Prints the report
# and writes it to load-tests/target/costs/report.md; stops everything it started.
#
# Settings: SIZES ("1024 10240 102400 1024000"), SIZE_RATES (requests per second for each size,
# "500 400 100 10"), HEADERS ("0 10 50 100"), HEADER_RATE (500), TARGETS ("direct canary shadow"),
# ROUNDS (2), DURATION (20), LOAD_WARMUP (5), WARMUP (30), GENERATOR_WARMUP (30), SKIP_BUILD=1.
set -euo pipefail
read -r -a SIZES <<<"${SIZES:-1024 10240 102400 1024000}"
read -r -a SIZE_RATES <<<"${SIZE_RATES:-500 400 100 10}"
read -r -a HEADERS <<<"${HEADERS-0 10 50 100}"
HEADER_RATE=${HEADER_RATE:-500}
read -r -a TARGETS <<<"${TARGETS:-direct canary shadow}"
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-20}
LOAD_WARMUP=${LOAD_WARMUP:-5}
WARMUP=${WARMUP:-30}
GENERATOR_WARMUP=${GENERATOR_WARMUP:-30}
((${#SIZES[@]} == ${#SIZE_RATES[@]})) || { echo "SIZES and SIZE_RATES differ in length" >&2; exit 1; }
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/costs}
RUN_SECONDS=$((DURATION + LOAD_WARMUP + 45))
MAX_SECONDS=$((${#TARGETS[@]} * (WARMUP + ROUNDS * (${#SIZES[@]} + ${#HEADERS[@]}) * RUN_SECONDS) + GENERATOR_WARMUP + 645))

command -v wrk >/dev/null || { echo "wrk is needed (warm-up): apt-get install wrk" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/results.tsv"
trap stop_started EXIT
trap 'exit 130' INT TERM
build_all
machine_summary >"$OUT/machine.md"
write_bench_rules "$OUT/rules.yaml"
start_backend "$LEGACY_PORT" "$MODERN_PORT"
BACKEND_JAVA=$(java_pid_of "${STARTED_PIDS[-1]}")
start_strangler "$OUT/rules.yaml"
STRANGLER_JAVA=$(java_pid_of "$STRANGLER_PID")

base_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$LEGACY_PORT" ;;
    canary | shadow) echo "http://127.0.0.1:$STRANGLER_PORT" ;;
    *) echo "unknown target $1 (expected: direct, canary, shadow)" >&2; exit 1 ;;
  esac
}
pid_of() {
  case $1 in
    direct) echo "$BACKEND_JAVA" ;;
    *) echo "$STRANGLER_JAVA" ;;
  esac
}

# idle_rate PID: CPU nanoseconds per second the process spends without load (timers, metrics,
# GC), over IDLE seconds; subtracted from every run, so that the low rates of the large bodies do
# not charge the background work to their few requests.
IDLE=${IDLE:-10}
idle_rate() {
  local before after
  before=$(cpu_nanos "$1")
  sleep "$IDLE"
  after=$(cpu_nanos "$1")
  echo $(((after - before) / IDLE))
}

# measure KIND VALUE TARGET ROUND RATE [OpenLoad arguments...]
measure() {
  local kind=$1 value=$2 target=$3 round=$4 rate=$5 pid before after line began ended idle
  shift 5
  pid=$(pid_of "$target")
  began=$(date +%s%N)
  before=$(cpu_nanos "$pid")
  line=$(generate "$RUN_SECONDS" "--base=$(base_of "$target")" "--rate=$rate" "--seconds=$DURATION" \
    "--warmup=$LOAD_WARMUP" "$@")
  after=$(cpu_nanos "$pid")
  local sent completed p50 p90 p99 p999 max non2xx errors dropped lag total
  read -r _ _ sent completed _ p50 p90 p99 p999 max non2xx errors dropped lag total <<<"$line"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$value" "$target" "$round" "$rate" \
    "$sent" "$p50" "$p99" "$((non2xx + errors + dropped))" "$total" "$((after - before))" "$lag" >>"$OUT/results.tsv"
  log "$kind $value $target round $round at $rate req/s: p50 ${p50}us p99 ${p99}us, CPU $(((after - before) / 1000 / (total > 0 ? total : 1)))us/req, failed $((non2xx + errors + dropped))"
}

for target in "${TARGETS[@]}"; do
  log "warm-up of $target: ${WARMUP}s of wrk"
  timeout "$((WARMUP + 30))" wrk -t1 -c16 -d"${WARMUP}s" -s "$LT/lib/bench.lua" \
    "$(base_of "$target")$(path_of "$target")?bytes=10240" >/dev/null
done
BACKEND_IDLE=$(idle_rate "$BACKEND_JAVA")
STRANGLER_IDLE=$(idle_rate "$STRANGLER_JAVA")
log "idle CPU: backend $((BACKEND_IDLE / 1000)) us/s, gateway $((STRANGLER_IDLE / 1000)) us/s (subtracted from every run)"
echo "- idle CPU subtracted from every run: backend $((BACKEND_IDLE / 1000)) µs/s, gateway $((STRANGLER_IDLE / 1000)) µs/s (measured over ${IDLE}s without load after the warm-up)" >>"$OUT/machine.md"
start_generator "--base=$(base_of "${TARGETS[0]}")" "--path=$(path_of "${TARGETS[0]}")?bytes=10240" \
  "--rate=$HEADER_RATE"
count=${#TARGETS[@]}
for round in $(seq 1 "$ROUNDS"); do
  for s in $(seq 0 $((${#SIZES[@]} - 1))); do
    for i in $(seq 0 $((count - 1))); do
      target=${TARGETS[$(((i + round - 1) % count))]}
      measure size "${SIZES[$s]}" "$target" "$round" "${SIZE_RATES[$s]}" \
        "--path=$(path_of "$target")?bytes=${SIZES[$s]}"
    done
  done
  for h in "${HEADERS[@]}"; do
    for i in $(seq 0 $((count - 1))); do
      target=${TARGETS[$(((i + round - 1) % count))]}
      measure headers "$h" "$target" "$round" "$HEADER_RATE" "--path=$(path_of "$target")" "--headers=$h"
    done
  done
done
curl -s --max-time 5 "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" \
  | grep -E '^strangler_shadow_(requests_total|compare)' >"$OUT/shadow-results.txt" || true

echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.md"
{
  echo "## Cost curves: CPU per request and p99 against body size and header count"
  echo
  cat "$OUT/machine.md"
  echo "- OpenLoad at a fixed rate per point (one JVM for all, warmed up ${GENERATOR_WARMUP}s first), ${DURATION}s measured after ${LOAD_WARMUP}s, $ROUNDS rounds, targets in rotating order"
  echo
  echo "Medians over the rounds. CPU µs/req: the serving process (the gateway; for direct the backend); ×: against the previous row of the same target."
  echo
  echo "| what | target | req/s | p50 ms | p99 ms | CPU µs/req | × CPU | failed |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ");
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    {
      key = $1 SUBSEP $2 SUBSEP $3
      if (!(key in seen)) { seen[key] = 1; order[++k] = key; rate[key] = $5 }
      p50[key] = p50[key] " " $7; p99[key] = p99[key] " " $8; failed[key] += $9
      cpu[key] = cpu[key] " " ($10 > 0 ? $11 / 1000 / $10 : 0)
    }
    END {
      for (i = 1; i <= k; i++) {
        split(order[i], f, SUBSEP); c = median(cpu[order[i]]); prev = f[1] SUBSEP f[3];
        label = f[1] == "size" ? f[2] " B body" : f[2] " extra headers";
        ratio = (prev in last && last[prev] > 0) ? sprintf("%.2f", c / last[prev]) : "-";
        printf "| %s | %s | %s | %.2f | %.2f | %.0f | %s | %d |\n", label, f[3], rate[order[i]], median(p50[order[i]]) / 1000, median(p99[order[i]]) / 1000, c, ratio, failed[order[i]];
        last[prev] = c
      }
    }' <(sort -t$'\t' -k1,1r -k3,3 -k2,2n "$OUT/results.tsv")
  echo
  echo "Every run (kind, value, target, round, req/s, sent, p50 µs, p99 µs, failed, answers incl. warm-up, CPU ns, generator lag p99 µs):"
  echo
  echo '```'
  cat "$OUT/results.tsv"
  echo '```'
  echo
  echo "What the gateway counted of the shadow copies:"
  echo
  echo '```'
  cat "$OUT/shadow-results.txt"
  echo '```'
} | tee "$OUT/report.md"
