#!/usr/bin/env bash
# Runs one Gatling simulation against the Strangler gateway on 127.0.0.1: builds what it needs,
# starts the fast backend (200 on legacy and modern, 503 on the failing side) and the gateway with
# the benchmark rules, runs the simulation, prints Gatling's summary (p50, p95, p99, p99.9) and
# what the gateway counted, and stops everything it started.
#
#   load-tests/gatling.sh [canary|shadow|dead-shadow|failing] [-Drate=200 -Dduration=60 ...]
#
# The HTML report is written under load-tests/target/gatling/. SKIP_BUILD=1 uses the jars
# already built; STRANGLER_JAVA_OPTS adds JVM options to the gateway; WARMUP (20) is how many
# seconds wrk warms the gateway up before the simulation starts.
set -euo pipefail

SIMULATION=${1:-canary}
shift || true
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/gatling}
MAX_SECONDS=${MAX_SECONDS:-1800}
STRANGLER_JAVA_OPTS=${STRANGLER_JAVA_OPTS:-}

PROPERTIES=("$@")
case $SIMULATION in
  canary) CLASS=CanaryMixSimulation ;;
  shadow) CLASS=ShadowSimulation ;;
  dead-shadow) CLASS=ShadowSimulation; PROPERTIES+=("-Dshadow.route=dead-shadow") ;;
  failing) CLASS=FailingModernSimulation ;;
  *) echo "simulation: $SIMULATION (expected: canary, shadow, dead-shadow, failing)" >&2; exit 1 ;;
esac

mkdir -p "$OUT"
trap stop_started EXIT
trap 'exit 130' INT TERM
build_all
write_bench_rules "$OUT/rules.yaml"
start_backend "$LEGACY_PORT" "$MODERN_PORT" "$FAILING_PORT:503"
# shellcheck disable=SC2086
start_strangler "$OUT/rules.yaml" $STRANGLER_JAVA_OPTS

# The gateway's JIT warms up before the open workload starts, or its first seconds queue users.
log "warm-up: ${WARMUP:-20}s of wrk on the canary route"
timeout "$((${WARMUP:-20} + 30))" wrk -t1 -c16 -d"${WARMUP:-20}s" -s "$LT/lib/bench.lua" \
  "http://127.0.0.1:$STRANGLER_PORT/api/canary/items/42" >/dev/null

log "running $CLASS ${PROPERTIES[*]}"
status=0
timeout "$MAX_SECONDS" java -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED "-Dgateway.url=http://127.0.0.1:$STRANGLER_PORT" "${PROPERTIES[@]}" \
  -cp "$(loadtests_classpath)" io.gatling.app.Gatling \
  --simulation "dev.strangler.loadtests.gatling.$CLASS" --results-folder "$OUT" || status=$?

log "the gateway counted:"
curl -s "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" \
  | grep -E '^(strangler_requests_total|strangler_fallbacks_total|strangler_shadow_requests_total|resilience4j_circuitbreaker_state)\{' \
  | grep -v ' 0\.0$' || true
exit "$status"
