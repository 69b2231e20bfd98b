#!/usr/bin/env bash
# Latency added at fixed request rates, in one command: the fast backend (direct), the plain Spring
# Cloud Gateway route (plain) and the Strangler canary route (canary), each loaded by OpenLoad, an
# open-model generator that sends on schedule whatever the target answers and measures each
# request from the time it was due (no coordinated omission; see README.md). Prints the report and
# writes it to load-tests/target/latency/report.md. Every process it starts is stopped when it ends.
#
# Each fork starts every JVM anew and warms every target up (wrk, closed loop, WARMUP seconds),
# then the generator (one OpenLoad JVM for every run of the fork, GENERATOR_WARMUP seconds at the
# highest of RATES on the first target, not kept); then ROUNDS rounds run every target at every rate of RATES, targets in a rotating order; then the
# rates of SEARCH_RATES are tried one by one, rising, each target until it no longer holds
# (p99 under 10 ms, every request answered without error).
#
# Settings (environment): RATES ("500 1000 2000"), SEARCH_RATES ("3000 4000 6000 8000"; empty to
# skip), ROUNDS (2), FORKS (1), DURATION measured seconds per run (20), LOAD_WARMUP seconds sent
# first in each run and not measured (5), WARMUP (30), GENERATOR_WARMUP (30), TARGETS ("direct plain canary"; also
# shadow, and nginx: Debian's nginx as a reference proxy, apt-get install nginx-light), SKIP_BUILD=1,
# GATEWAY_JAVA_OPTS (both gateways), STRANGLER_JAVA_OPTS.
set -euo pipefail

read -r -a RATES <<<"${RATES:-500 1000 2000}"
read -r -a SEARCH_RATES <<<"${SEARCH_RATES-3000 4000 6000 8000}"
ROUNDS=${ROUNDS:-2}
FORKS=${FORKS:-1}
DURATION=${DURATION:-20}
LOAD_WARMUP=${LOAD_WARMUP:-5}
WARMUP=${WARMUP:-30}
GENERATOR_WARMUP=${GENERATOR_WARMUP:-30}
read -r -a TARGETS <<<"${TARGETS:-direct plain canary}"
STRANGLER_JAVA_OPTS=${STRANGLER_JAVA_OPTS:-}

# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/latency}
RUN_SECONDS=$((DURATION + LOAD_WARMUP + 45))
MAX_SECONDS=$((FORKS * (${#TARGETS[@]} * (WARMUP + 5 + (ROUNDS * ${#RATES[@]} + ${#SEARCH_RATES[@]}) * RUN_SECONDS) + GENERATOR_WARMUP + 345)))

command -v wrk >/dev/null || { echo "wrk is needed (warm-up): apt-get install wrk" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/results.tsv"
trap stop_started EXIT
trap 'exit 130' INT TERM

base_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$LEGACY_PORT" ;;
    plain) echo "http://127.0.0.1:$PLAIN_PORT" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT" ;;
    canary | shadow) echo "http://127.0.0.1:$STRANGLER_PORT" ;;
    *) echo "unknown target $1 (expected: direct, plain, canary, shadow, nginx)" >&2; exit 1 ;;
  esac
}

pid_of() {
  case $1 in
    direct) echo "$BACKEND_JAVA" ;;
    plain) echo "$PLAIN_JAVA" ;;
    nginx) echo "$NGINX_PID" ;;
    *) echo "$STRANGLER_JAVA" ;;
  esac
}

# measure PHASE RATE ROUND TARGET: one OpenLoad run, appended to results.tsv; prints whether it held.
measure() {
  local phase=$1 rate=$2 round=$3 target=$4 pid before after line
  pid=$(pid_of "$target")
  before=$(cpu_nanos "$pid")
  line=$(generate "$RUN_SECONDS" "--base=$(base_of "$target")" "--path=$(path_of "$target")" \
    "--rate=$rate" "--seconds=$DURATION" "--warmup=$LOAD_WARMUP")
  after=$(cpu_nanos "$pid")
  if [[ -z $line ]]; then
    line="RESULT $rate 0 0 0 0 0 0 0 0 0 1 0 0 0"
  fi
  local sent completed p50 p90 p99 p999 max non2xx errors dropped lag total
  read -r _ _ sent completed _ p50 p90 p99 p999 max non2xx errors dropped lag total <<<"$line"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$rate" "$round" \
    "$target" "$sent" "$completed" "$p50" "$p90" "$p99" "$p999" "$max" "$non2xx" "$errors" "$dropped" \
    "$lag" "$total" "$((after - before))" >>"$OUT/results.tsv"
  log "$phase $rate req/s round $round $target: p50 ${p50}us p99 ${p99}us p99.9 ${p999}us, errors $errors, not sent $dropped, lag p99 ${lag}us"
  [[ $dropped == 0 && $errors == 0 && $non2xx == 0 && $completed -ge $sent && $p99 -lt 10000 ]]
}

build_all
machine_summary >"$OUT/machine.md"
write_bench_rules "$OUT/rules.yaml"

round=0
for fork in $(seq 1 "$FORKS"); do
  log "fork $fork of $FORKS: starting the servers"
  start_backend "$LEGACY_PORT" "$MODERN_PORT"
  BACKEND_JAVA=$(java_pid_of "${STARTED_PIDS[-1]}")
  start_plain_gateway
  PLAIN_JAVA=$(java_pid_of "${STARTED_PIDS[-1]}")
  # shellcheck disable=SC2086
  start_strangler "$OUT/rules.yaml" $STRANGLER_JAVA_OPTS
  STRANGLER_JAVA=$(java_pid_of "$STRANGLER_PID")
  if [[ " ${TARGETS[*]} " == *" nginx "* ]]; then
    start_nginx
  fi
  for target in "${TARGETS[@]}"; do
    curl -sf -o /dev/null -H 'X-User-Id: check' "$(base_of "$target")$(path_of "$target")" \
      || { echo "target $target does not answer 2xx" >&2; exit 1; }
    log "warm-up of $target: ${WARMUP}s of wrk"
    timeout "$((WARMUP + 30))" wrk -t1 -c16 -d"${WARMUP}s" -s "$LT/lib/bench.lua" \
      "$(base_of "$target")$(path_of "$target")" >/dev/null
  done
  start_generator "--base=$(base_of "${TARGETS[0]}")" "--path=$(path_of "${TARGETS[0]}")" "--rate=${RATES[-1]}"
  count=${#TARGETS[@]}
  for _ in $(seq 1 "$ROUNDS"); do
    round=$((round + 1))
    for rate in "${RATES[@]}"; do
      for i in $(seq 0 $((count - 1))); do
        target=${TARGETS[$(((i + round - 1) % count))]}
        measure fixed "$rate" "$round" "$target" || true
      done
    done
  done
  if ((fork == FORKS)) && ((${#SEARCH_RATES[@]} > 0)); then
    holding=("${TARGETS[@]}")
    for rate in "${SEARCH_RATES[@]}"; do
      still=()
      for target in "${holding[@]}"; do
        if measure search "$rate" 1 "$target"; then
          still+=("$target")
        fi
      done
      holding=("${still[@]}")
      ((${#holding[@]} > 0)) || break
    done
  fi
  stop_started
done

echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.md"
echo "- load: OpenLoad (open model, 1 event loop that also sends, up to 256 connections; one JVM per fork, warmed up ${GENERATOR_WARMUP}s first), ${DURATION}s measured after ${LOAD_WARMUP}s per run; $FORKS fork(s) x $ROUNDS rounds at ${RATES[*]} req/s; then rising rates ${SEARCH_RATES[*]:-none} until a target fails; ${WARMUP}s of wrk per target and fork first" >>"$OUT/machine.md"
java -cp "$LT/target/classes:$(cat "$LT/target/classpath.txt")" dev.strangler.loadtests.bench.LatencyReport \
  "$OUT/results.tsv" "$OUT/machine.md" | tee "$OUT/report.md"
log "report written to $OUT/report.md"
