#!/usr/bin/env bash
# Where the Strangler gateway's time goes on the request path, in one command: starts the fast
# backend and the gateway, loads one route with wrk (closed loop, as bench.sh), and records a CPU
# profile with async-profiler (tools.profiler:async-profiler from Maven Central, fetched by Maven
# into the local repository), Java, native, GC/JIT and kernel frames together, written as an HTML
# flame graph and as collapsed stacks; then prints the share of the samples under the frames that
# matter on the request path (lib/profile-summary.awk). Every process it starts is stopped when it
# ends.
#
#   load-tests/profile.sh canary shadow      # one flame graph per route: target/profile/<route>.html
#
# (The options are quoted for jcmd, which would read their = signs as its own named arguments.)
# Settings: DURATION seconds profiled (30), WARMUP seconds of load first (40), EVENT (cpu; also
# alloc, wall, lock), CONNECTIONS (32), PROFILER_VERSION (4.2), SKIP_BUILD=1, OUT.
set -euo pipefail
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-40}
EVENT=${EVENT:-cpu}
CONNECTIONS=${CONNECTIONS:-32}
PROFILER_VERSION=${PROFILER_VERSION:-4.2}
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=${OUT:-$LT/target/profile}
ROUTES=("$@")
((${#ROUTES[@]} > 0)) || ROUTES=(canary shadow)
MAX_SECONDS=$((${#ROUTES[@]} * (WARMUP + DURATION + 30) + 600))

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
mkdir -p "$OUT"
trap stop_started EXIT
trap 'exit 130' INT TERM
build_all

# The native library from the linux-x64 jar of the Maven artifact.
LIB="$OUT/async-profiler-$PROFILER_VERSION/libasyncProfiler.so"
if [[ ! -f $LIB ]]; then
  (cd "$ROOT" && mvn -B -q -ntp dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION:jar:linux-x64" \
    -DoutputDirectory="$OUT/async-profiler-$PROFILER_VERSION")
  unzip -o -j -q "$OUT/async-profiler-$PROFILER_VERSION/async-profiler-$PROFILER_VERSION-linux-x64.jar" \
    'linux-x64/libasyncProfiler.so' -d "$OUT/async-profiler-$PROFILER_VERSION"
fi

machine_summary >"$OUT/machine.md"
write_bench_rules "$OUT/rules.yaml"
start_backend "$LEGACY_PORT" "$MODERN_PORT"
# Frames between safepoints too, so that inlined methods are attributed where they run.
start_strangler "$OUT/rules.yaml" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
JAVA_PID=$(java_pid_of "$STRANGLER_PID")

for route in "${ROUTES[@]}"; do
  url="http://127.0.0.1:$STRANGLER_PORT/api/$route/items/42"
  curl -sf -o /dev/null -H 'X-User-Id: check' "$url" || { echo "route $route does not answer 2xx at $url" >&2; exit 1; }
  log "$route: ${WARMUP}s of load, then ${DURATION}s profiled ($EVENT)"
  timeout "$((WARMUP + DURATION + 30))" wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP + DURATION + 2))s" --timeout 5s \
    -s "$LT/lib/bench.lua" "$url" >"$OUT/$route-wrk.txt" &
  wrk_pid=$!
  sleep "$WARMUP"
  jcmd "$JAVA_PID" JVMTI.agent_load "$LIB" "\"start,event=$EVENT,interval=1ms\"" >/dev/null
  sleep "$DURATION"
  # the same samples twice: collapsed stacks (one line per stack, for grep and awk) and the flame graph
  jcmd "$JAVA_PID" JVMTI.agent_load "$LIB" "\"dump,file=$OUT/$route-$EVENT.collapsed\"" >/dev/null
  jcmd "$JAVA_PID" JVMTI.agent_load "$LIB" "\"stop,file=$OUT/$route-$EVENT.html\"" >/dev/null
  wait "$wrk_pid" || true
  log "$route: $(grep '^RESULT' "$OUT/$route-wrk.txt" | awk '{printf "%d req/s under the profiler", $2 * 1000000 / $3}'); flame graph $OUT/$route-$EVENT.html"
  awk -f "$LT/lib/profile-summary.awk" "$OUT/$route-$EVENT.collapsed" | tee "$OUT/$route-$EVENT-summary.txt"
done
