#!/usr/bin/env bash
# The gateway benchmark, in one command: builds what it needs, starts the fast backend, a plain
# Spring Cloud Gateway route and the Strangler gateway on 127.0.0.1, warms them up, measures
# them in interleaved rounds with wrk, prints the table and writes it to
# load-tests/target/bench/report.md. Every process it starts is stopped when it ends.
#
# Targets, all answered by the same fast backend:
#   direct  the backend itself
#   plain   a plain Spring Cloud Gateway route, Path=/** (PlainGatewayApplication)
#   canary  the Strangler gateway, 50 % sticky canary with circuit breaker (/api/canary/**)
#   shadow  the Strangler gateway, 100 % shadow route (/api/shadow/**)
# and, for the cost of the redis state store on the request path (TARGETS="canary canary-redis";
# it should be none: routing reads the state held in memory):
#   canary-redis  a second Strangler gateway with strangler.state.store=redis on REDIS_GATEWAY_PORT
#                 (19400), on a redis-server the script starts on REDIS_PORT (19379); its canary route
# and, for the cost of route filters (TARGETS="canary canary-filters"):
#   canary-filters  the same canary route with two filters on each side (RewritePath,
#                   SetRequestHeader), same salt, so the same users go to the same side
#   plain-filters   the plain Spring Cloud Gateway with the same two filters on a route of its
#                   own: what Spring Cloud Gateway's filters cost without Strangler
#                   (TARGETS="plain plain-filters canary canary-filters")
# and, for the cost of a slow or dead shadow side (TARGETS="no-shadow shadow slow-shadow
# dead-shadow"):
#   no-shadow    the Strangler gateway, the same kind of route in legacy mode: no copies
#   slow-shadow  100 % shadow, the shadow side answers after SLOW_SHADOW_MS (300) ms
#   dead-shadow  100 % shadow, nothing listens on the shadow side
#
# A/B of a change: CANDIDATE_JAR (another build of the gateway jar, e.g. copied aside before the
# change), CANDIDATE_ARGS (extra Spring arguments, e.g.
# "--spring.cloud.gateway.server.webflux.metrics.enabled=false") and/or CANDIDATE_JAVA_OPTS
# (extra JVM options, e.g. -Dreactor.netty.ioWorkerCount=2) start a second Strangler gateway
# on CANDIDATE_PORT (19300) and add its targets canary-candidate and shadow-candidate, measured
# in the same interleaved rounds. CANDIDATE_RULES=older gives the candidate the rules without the
# canary-filters route, for a jar built before the per-side filters (which refuses them). With
# DUEL=1 the two builds are loaded at the same time in each
# round (two wrk processes), which cancels out the machine's load swings between them.
#
# Tracing on against off: TRACING=1 makes the candidate the same build with tracing on, exporting
# over OTLP/HTTP to a sink on OTLP_PORT (19005, the fast backend answering 200 to every export),
# every request sampled (TRACING_SAMPLING, default 1.0, the worst case; Spring Boot's default is
# 0.1). The current build is the same jar with tracing off, the default.
#
# Settings (environment): FORKS (2: every JVM is started anew that many times), ROUNDS per fork
# (3), DURATION seconds per target and round (15), WARMUP seconds per target and fork (60),
# CONNECTIONS (32), THREADS of wrk (1), TARGETS ("direct plain canary shadow"), SKIP_BUILD=1 to
# use the jars already built, GATEWAY_JAR (the Strangler jar to measure), STRANGLER_JAVA_OPTS
# (extra JVM options of the Strangler gateway only, e.g. for a JFR recording), GATEWAY_JAVA_OPTS
# (both gateways).
set -euo pipefail

FORKS=${FORKS:-2}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
CANDIDATE_JAR=${CANDIDATE_JAR:-}
CANDIDATE_ARGS=${CANDIDATE_ARGS:-}
CANDIDATE_JAVA_OPTS=${CANDIDATE_JAVA_OPTS:-}
OTLP_PORT=${OTLP_PORT:-19005}
if [[ "${TRACING:-0}" == 1 ]]; then
  CANDIDATE_ARGS="$CANDIDATE_ARGS --management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:$OTLP_PORT/v1/traces --management.tracing.sampling.probability=${TRACING_SAMPLING:-1.0}"
fi
DEFAULT_TARGETS="direct plain canary shadow"
if [[ -n "$CANDIDATE_JAR$CANDIDATE_ARGS$CANDIDATE_JAVA_OPTS" ]]; then
  DEFAULT_TARGETS="$DEFAULT_TARGETS canary-candidate shadow-candidate"
fi
read -r -a TARGETS <<<"${TARGETS:-$DEFAULT_TARGETS}"
STRANGLER_JAVA_OPTS=${STRANGLER_JAVA_OPTS:-}

# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/bench}
# Bounded: warm-up, rounds and start-up, with room to spare.
MAX_SECONDS=$(((ROUNDS + 1) * ${#TARGETS[@]} * (DURATION + 5) + WARMUP * ${#TARGETS[@]} + 600))

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/results.tsv" "$OUT/strangler-metrics.txt"
trap stop_started EXIT
trap 'exit 130' INT TERM

url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$LEGACY_PORT/api/canary/items/42" ;;
    plain) echo "http://127.0.0.1:$PLAIN_PORT/api/canary/items/42" ;;
    plain-filters) echo "http://127.0.0.1:$PLAIN_PORT/api/canary-filters/items/42" ;;
    canary) echo "http://127.0.0.1:$STRANGLER_PORT/api/canary/items/42" ;;
    canary-filters) echo "http://127.0.0.1:$STRANGLER_PORT/api/canary-filters/items/42" ;;
    shadow) echo "http://127.0.0.1:$STRANGLER_PORT/api/shadow/items/42" ;;
    no-shadow) echo "http://127.0.0.1:$STRANGLER_PORT/api/no-shadow/items/42" ;;
    slow-shadow) echo "http://127.0.0.1:$STRANGLER_PORT/api/slow-shadow/items/42" ;;
    dead-shadow) echo "http://127.0.0.1:$STRANGLER_PORT/api/dead-shadow/items/42" ;;
    canary-redis) echo "http://127.0.0.1:$REDIS_GATEWAY_PORT/api/canary/items/42" ;;
    canary-candidate) echo "http://127.0.0.1:$CANDIDATE_PORT/api/canary/items/42" ;;
    shadow-candidate) echo "http://127.0.0.1:$CANDIDATE_PORT/api/shadow/items/42" ;;
    *) echo "unknown target $1 (expected: direct, plain, plain-filters, canary, canary-filters, shadow, canary-redis, no-shadow, slow-shadow, dead-shadow, canary-candidate, shadow-candidate)" >&2; exit 1 ;;
  esac
}

# The java process that serves a target, whose CPU time is measured.
pid_of() {
  case $1 in
    direct) echo "$BACKEND_JAVA" ;;
    plain | plain-filters) echo "$PLAIN_JAVA" ;;
    *-candidate) echo "$CANDIDATE_JAVA" ;;
    canary-redis) echo "$REDIS_STRANGLER_JAVA" ;;
    *) echo "$STRANGLER_JAVA" ;;
  esac
}

# run_wrk TARGET SECONDS: prints wrk's RESULT line, followed by the CPU nanoseconds that the
# serving process used meanwhile (all its threads: event loops, GC, JIT). CPU per request is far
# less disturbed by other load on the machine than requests per second are.
run_wrk() {
  local pid before after line
  pid=$(pid_of "$1")
  before=$(cpu_nanos "$pid")
  line=$(timeout "$(($2 + 30))" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${2}s" --timeout 5s \
    -s "$LT/lib/bench.lua" "$(url_of "$1")" | grep '^RESULT')
  after=$(cpu_nanos "$pid")
  echo "$line $((after - before))"
}

build_all
machine_summary >"$OUT/machine.md"
write_bench_rules "$OUT/rules.yaml"
CANDIDATE_RULES_FILE=$OUT/rules.yaml
if [[ "${CANDIDATE_RULES:-}" == older ]]; then
  CANDIDATE_RULES_FILE=$OUT/rules-older.yaml
  write_bench_rules "$CANDIDATE_RULES_FILE" older
fi

start_servers() {
  local sink=()
  [[ "${TRACING:-0}" == 1 ]] && sink=("$OTLP_PORT")
  start_backend "$LEGACY_PORT" "$MODERN_PORT" "$SLOW_PORT:200:$SLOW_SHADOW_MS" "${sink[@]}"
  BACKEND_JAVA=$(java_pid_of "${STARTED_PIDS[-1]}")
  start_plain_gateway
  PLAIN_JAVA=$(java_pid_of "${STARTED_PIDS[-1]}")
  # shellcheck disable=SC2086
  start_strangler "$OUT/rules.yaml" $STRANGLER_JAVA_OPTS
  STRANGLER_JAVA=$(java_pid_of "$STRANGLER_PID")
  REDIS_STRANGLER_JAVA=
  if [[ " ${TARGETS[*]} " == *" canary-redis "* ]]; then
    start_redis
    # shellcheck disable=SC2086
    start_strangler_jar "$GATEWAY_JAR" "$REDIS_GATEWAY_PORT" "$REDIS_GATEWAY_MGMT_PORT" strangler-redis \
      "--strangler.state.store=redis --spring.data.redis.url=redis://127.0.0.1:$REDIS_PORT --strangler.admin.token=bench-admin-token-0001" \
      "$OUT/rules.yaml" $STRANGLER_JAVA_OPTS
    REDIS_STRANGLER_JAVA=$(java_pid_of "$LAST_STRANGLER_PID")
  fi
  CANDIDATE_JAVA=
  if [[ -n "$CANDIDATE_JAR$CANDIDATE_ARGS$CANDIDATE_JAVA_OPTS" ]]; then
    # shellcheck disable=SC2086
    start_strangler_jar "${CANDIDATE_JAR:-$GATEWAY_JAR}" "$CANDIDATE_PORT" "$CANDIDATE_MGMT_PORT" candidate \
      "$CANDIDATE_ARGS" "$CANDIDATE_RULES_FILE" $STRANGLER_JAVA_OPTS $CANDIDATE_JAVA_OPTS
    CANDIDATE_JAVA=$(java_pid_of "$LAST_STRANGLER_PID")
  fi
  for target in "${TARGETS[@]}"; do
    curl -sf -o /dev/null -H 'X-User-Id: check' "$(url_of "$target")" \
      || { echo "target $target does not answer 2xx at $(url_of "$target")" >&2; exit 1; }
  done
}

record() {
  local round=$1 target=$2 requests duration p50 p90 p99 max non2xx errors cpu
  read -r _ requests duration p50 p90 p99 max non2xx errors cpu <<<"$3"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$requests" "$duration" \
    "$p50" "$p90" "$p99" "$max" "$non2xx" "$errors" "$cpu" >>"$OUT/results.tsv"
  log "round $round $target: $((requests * 1000000 / duration)) req/s, p99 ${p99}us, CPU $((cpu / 1000 / (requests > 0 ? requests : 1)))us/req, non-2xx $non2xx, socket errors $errors"
}

if [[ -n "$CANDIDATE_JAR$CANDIDATE_ARGS$CANDIDATE_JAVA_OPTS" ]]; then
  echo "- candidate: ${CANDIDATE_JAR:-the same jar}${CANDIDATE_ARGS:+ with $CANDIDATE_ARGS}${CANDIDATE_JAVA_OPTS:+, JVM options $CANDIDATE_JAVA_OPTS}" >>"$OUT/machine.md"
fi
count=${#TARGETS[@]}
round=0
for fork in $(seq 1 "$FORKS"); do
  # Each fork starts every JVM anew: one JVM's JIT can land 20-40 % above or below another's
  # running the same code, so a comparison of one JVM each would measure that luck.
  log "fork $fork of $FORKS: starting the servers"
  start_servers
  log "warm-up: ${WARMUP}s per target"
  for target in "${TARGETS[@]}"; do
    run_wrk "$target" "$WARMUP" >/dev/null
  done
  for _ in $(seq 1 "$ROUNDS"); do
    round=$((round + 1))
    # Each round starts with another target, so that no target always runs first or last.
    for i in $(seq 0 $((count - 1))); do
      target=${TARGETS[$(((i + round - 1) % count))]}
      if [[ "${DUEL:-0}" == 1 && -n "$CANDIDATE_JAVA" && " ${TARGETS[*]} " == *" ${target%-candidate}-candidate "* ]]; then
        # DUEL=1: the current build and the candidate are loaded at the same time, by two wrk
        # processes, so that whatever else the machine does falls on both alike.
        [[ $target == *-candidate ]] && continue
        run_wrk "$target" "$DURATION" >"$OUT/duel-a.txt" &
        duel=$!
        run_wrk "$target-candidate" "$DURATION" >"$OUT/duel-b.txt"
        wait "$duel"
        record "$round" "$target" "$(cat "$OUT/duel-a.txt")"
        record "$round" "$target-candidate" "$(cat "$OUT/duel-b.txt")"
        continue
      fi
      record "$round" "$target" "$(run_wrk "$target" "$DURATION")"
    done
  done
  curl -s "http://127.0.0.1:$STRANGLER_MGMT_PORT/actuator/prometheus" >>"$OUT/strangler-metrics.txt" || true
  stop_started
done

echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.md"
echo "- wrk: $THREADS thread(s), $CONNECTIONS connections; $FORKS fork(s) (every JVM started anew) x $ROUNDS rounds x ${DURATION}s per target, ${WARMUP}s warm-up per target and fork" >>"$OUT/machine.md"

java -cp "$LT/target/classes" dev.strangler.loadtests.bench.BenchReport \
  "$OUT/results.tsv" "$OUT/machine.md" "$OUT/strangler-metrics.txt" | tee "$OUT/report.md"
log "report written to $OUT/report.md"
