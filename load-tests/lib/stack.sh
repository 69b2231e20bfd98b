# Shared by bench.sh, gatling.sh and heap.sh: builds the jars and starts the processes under
# test on 127.0.0.1, each under `timeout` so that none outlives its run, and stops exactly the
# processes it started (by pid) when the calling script exits.
#
# Source it from a script that has `set -euo pipefail`; it sets ROOT (the repository), LT (the
# load-tests module) and OUT (where the run writes its files).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LT="$ROOT/load-tests"
GATEWAY_JAR=${GATEWAY_JAR:-$ROOT/gateway/target/strangler-gateway.jar}

# Ports, all on 127.0.0.1. The backend answers 200 on LEGACY_PORT and MODERN_PORT, 503 on
# FAILING_PORT, and 200 after SLOW_SHADOW_MS (300) milliseconds on SLOW_PORT; DEAD_PORT has
# nothing listening.
LEGACY_PORT=${LEGACY_PORT:-19001}
MODERN_PORT=${MODERN_PORT:-19002}
FAILING_PORT=${FAILING_PORT:-19003}
SLOW_PORT=${SLOW_PORT:-19004}
SLOW_SHADOW_MS=${SLOW_SHADOW_MS:-300}
DEAD_PORT=${DEAD_PORT:-19009}
PLAIN_PORT=${PLAIN_PORT:-19100}
NGINX_PORT=${NGINX_PORT:-19150}
STRANGLER_PORT=${STRANGLER_PORT:-19200}
STRANGLER_MGMT_PORT=${STRANGLER_MGMT_PORT:-19201}
CANDIDATE_PORT=${CANDIDATE_PORT:-19300}
CANDIDATE_MGMT_PORT=${CANDIDATE_MGMT_PORT:-19301}
REDIS_PORT=${REDIS_PORT:-19379}
REDIS_GATEWAY_PORT=${REDIS_GATEWAY_PORT:-19400}
REDIS_GATEWAY_MGMT_PORT=${REDIS_GATEWAY_MGMT_PORT:-19401}

# Every process started here ends after this many seconds at the latest.
MAX_SECONDS=${MAX_SECONDS:-3600}

# The same heap and collector for both gateways, so that they differ only in their code.
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m}

STARTED_PIDS=()

log() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# Builds the executable gateway jar and the load-tests classes and classpath, unless SKIP_BUILD=1.
# Never installs anything into the local Maven repository.
build_all() {
  if [[ "${SKIP_BUILD:-0}" == 1 && -f "$GATEWAY_JAR" && -f "$LT/target/classpath.txt" ]]; then
    log "SKIP_BUILD=1: using the jars already built"
    return
  fi
  log "building the gateway jar and load-tests (mvn package -DskipTests)"
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl gateway,load-tests -am package -DskipTests)
}

loadtests_classpath() {
  echo "$LT/target/test-classes:$LT/target/classes:$(cat "$LT/target/classpath.txt")"
}

assert_port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "port $1 on 127.0.0.1 is taken; stop what listens there or set its *_PORT variable" >&2
    exit 1
  fi
}

# Waits until a URL answers (any status) or fails after $2 seconds.
wait_http() {
  local url=$1 seconds=${2:-90} i
  for i in $(seq 1 $((seconds * 5))); do
    if curl -s -o /dev/null --max-time 1 "$url"; then
      return 0
    fi
    sleep 0.2
  done
  echo "no answer from $url after ${seconds}s" >&2
  return 1
}

# start_backend PORT[:STATUS]...
start_backend() {
  local spec
  for spec in "$@"; do assert_port_free "${spec%%:*}"; done
  timeout --signal=TERM "$((MAX_SECONDS + 30))" \
    java -Xmx256m -cp "$(loadtests_classpath)" dev.strangler.loadtests.backend.FastBackend \
    "$@" "--max-seconds=$MAX_SECONDS" >"$OUT/backend.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_http "http://127.0.0.1:${1%%:*}/" 60
  log "backend up: $*"
}

start_plain_gateway() {
  assert_port_free "$PLAIN_PORT"
  # shellcheck disable=SC2086
  timeout --signal=TERM "$MAX_SECONDS" \
    java $GATEWAY_JAVA_OPTS -cp "$(loadtests_classpath)" dev.strangler.loadtests.plain.PlainGatewayApplication \
    --server.port="$PLAIN_PORT" --backend.port="$LEGACY_PORT" >"$OUT/plain-gateway.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_http "http://127.0.0.1:$PLAIN_PORT/actuator/health" 120
  log "plain Spring Cloud Gateway up on $PLAIN_PORT"
}

# start_nginx: Debian's nginx on NGINX_PORT, one worker, proxying every path to the legacy backend
# over kept-alive connections: a reference for what one proxy hop written in C costs on this
# machine, beside the two gateways. NGINX_PID is its worker, whose CPU time is the proxy's.
start_nginx() {
  command -v nginx >/dev/null || { echo "nginx is needed for the nginx target: apt-get install nginx-light" >&2; exit 1; }
  assert_port_free "$NGINX_PORT"
  local dir="$OUT/nginx" master
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream backend { server 127.0.0.1:$LEGACY_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
  timeout --signal=TERM "$MAX_SECONDS" nginx -p "$dir" -c "$dir/nginx.conf" >"$OUT/nginx.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_http "http://127.0.0.1:$NGINX_PORT$(path_of direct)" 30
  master=$(pgrep -P "${STARTED_PIDS[-1]}" nginx)
  NGINX_PID=$(pgrep -P "$master" nginx)
  log "nginx up on $NGINX_PORT (worker $NGINX_PID)"
}

# start_strangler RULES_FILE [extra JVM options...]: the gateway of GATEWAY_JAR on STRANGLER_PORT.
start_strangler() {
  start_strangler_jar "$GATEWAY_JAR" "$STRANGLER_PORT" "$STRANGLER_MGMT_PORT" strangler "" "$@"
  STRANGLER_PID=$LAST_STRANGLER_PID
}

# start_strangler_jar JAR PORT MGMT_PORT NAME "EXTRA SPRING ARGS" RULES_FILE [extra JVM options...]
start_strangler_jar() {
  local jar=$1 port=$2 mgmt=$3 name=$4 args=$5 rules=$6
  shift 6
  assert_port_free "$port"
  assert_port_free "$mgmt"
  # A copy, so that a build during the run cannot pull the jar from under the running gateway.
  cp "$jar" "$OUT/$name.jar"
  # A state file of its own, new each start: runtime rollouts and plan states left by an earlier
  # run (the file store's default is ./strangler-state.json) must not change what is measured.
  rm -f "$OUT/$name-state.json"
  # shellcheck disable=SC2086
  timeout --signal=TERM "$MAX_SECONDS" \
    java $GATEWAY_JAVA_OPTS "$@" -jar "$OUT/$name.jar" \
    --strangler.rules.location="$rules" --server.port="$port" \
    --management.server.port="$mgmt" --strangler.state.file="$OUT/$name-state.json" \
    $args >"$OUT/$name.log" 2>&1 &
  STARTED_PIDS+=($!)
  LAST_STRANGLER_PID=$!
  wait_http "http://127.0.0.1:$mgmt/actuator/health" 120
  log "Strangler gateway $name up on $port (management $mgmt)"
}

# A redis-server on REDIS_PORT for the redis state store, keeping nothing on disk.
start_redis() {
  command -v redis-server >/dev/null || { echo "redis-server is needed: apt-get install redis-server" >&2; exit 1; }
  assert_port_free "$REDIS_PORT"
  timeout --signal=TERM "$MAX_SECONDS" \
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$OUT" >"$OUT/redis.log" 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
      log "redis-server up on $REDIS_PORT"
      return 0
    fi
    sleep 0.2
  done
  echo "redis-server did not start on $REDIS_PORT: $(cat "$OUT/redis.log")" >&2
  exit 1
}

# The java process under a `timeout` wrapper, for jcmd and CPU time.
java_pid_of() {
  pgrep -P "$1" java || echo "$1"
}

# CPU time used so far by a process, user and system, all threads including those that ended,
# in nanoseconds (from clock ticks: 10 ms each, fine over runs of seconds).
CLOCK_TICKS=$(getconf CLK_TCK)
cpu_nanos() {
  awk -v hz="$CLOCK_TICKS" '{sub(/^.*\) /, ""); printf "%.0f\n", ($12 + $13) * (1000000000 / hz)}' /proc/"$1"/stat
}

# The rules of the benchmark and the simulations: a 50 % sticky canary with circuit breaker and
# a 100 % shadow route, both sides being the fast backend; two routes whose modern side fails
# (503, nothing listening); shadow routes whose shadow side is dead or slow, and the same route
# without shadow (legacy mode) to compare them with.
write_bench_rules() {
  local filters_route=
  # WRITE_BENCH_RULES FILE older: for a build older than the per-side filters (the baseline jar
  # of a before/after run refuses them), every route but canary-filters
  if [[ "${2:-}" != older ]]; then
    filters_route=$(cat <<EOF_FILTERS
  - id: canary-filters
    paths: [/api/canary-filters/**]
    modern: http://127.0.0.1:$MODERN_PORT
    mode: canary
    percent: 50
    sticky-by: [header:X-User-Id, cookie:session]
    salt: canary
    modern-filters:
      - "RewritePath=/api/canary-filters/(?<rest>.*), /api/canary/\${rest}"
      - "SetRequestHeader=X-Migrated, yes"
    legacy-filters:
      - "RewritePath=/api/canary-filters/(?<rest>.*), /api/canary/\${rest}"
      - "SetRequestHeader=X-Migrated, yes"
    fallback:
      timeout: 5s
      circuit-breaker:
        failure-rate: 50
        window: 100
        minimum-calls: 20
        open-for: 30s
EOF_FILTERS
)
  fi
  cat >"$1" <<EOF
# Written by load-tests/lib/stack.sh for the benchmark.
legacy: http://127.0.0.1:$LEGACY_PORT
routes:
  - id: canary
    paths: [/api/canary/**]
    modern: http://127.0.0.1:$MODERN_PORT
    mode: canary
    percent: 50
    sticky-by: [header:X-User-Id, cookie:session]
    fallback:
      timeout: 5s
      circuit-breaker:
        failure-rate: 50
        window: 100
        minimum-calls: 20
        open-for: 30s
${filters_route}
  - id: shadow
    paths: [/api/shadow/**]
    modern: http://127.0.0.1:$MODERN_PORT
    mode: shadow
    shadow:
      percent: 100
  - id: failing
    paths: [/api/failing/**]
    modern: http://127.0.0.1:$FAILING_PORT
    mode: canary
    percent: 100
    sticky-by: [header:X-User-Id]
  - id: dead-modern
    paths: [/api/dead-modern/**]
    modern: http://127.0.0.1:$DEAD_PORT
    mode: canary
    percent: 100
    sticky-by: [header:X-User-Id]
  - id: dead-shadow
    paths: [/api/dead-shadow/**]
    modern: http://127.0.0.1:$DEAD_PORT
    mode: shadow
    shadow:
      percent: 100
  - id: slow-shadow
    paths: [/api/slow-shadow/**]
    modern: http://127.0.0.1:$SLOW_PORT
    mode: shadow
    shadow:
      percent: 100
  - id: no-shadow
    paths: [/api/no-shadow/**]
    modern: http://127.0.0.1:$MODERN_PORT
    mode: legacy
EOF
}

# The benchmark rules and a route under a rollout plan, whose plan evidence (per-step counters
# and latency reservoirs) lives on the heap: 1, 5, 25, 50, 100 % in steps of PLAN_STEP (5m).
write_heap_rules() {
  write_bench_rules "$1"
  cat >>"$1" <<EOF
  - id: plan
    paths: [/api/plan/**]
    modern: http://127.0.0.1:$MODERN_PORT
    mode: canary
    percent: 0
    sticky-by: [header:X-User-Id]
    plan:
      steps: [1, 5, 25, 50, 100]
      step-duration: ${PLAN_STEP:-5m}
      min-requests: 20
      max-error-rate: 1
      max-latency-ratio: 3
      on-failure: pause
      warm-up: 10s
EOF
}

# path_of TARGET: the path costs.sh and latency.sh load a target on: the shadow route's for
# shadow, else the canary route's (the backend and the plain gateway answer any path).
path_of() {
  case $1 in
    shadow) echo "/api/shadow/items/42" ;;
    *) echo "/api/canary/items/42" ;;
  esac
}

# start_generator ARGS...: one OpenLoad JVM (--serve) for every measurement that follows, until
# stop_started, warmed up by a first measurement of GENERATOR_WARMUP (30) seconds with ARGS
# (--base, --path, --rate), not kept. Why: a generator started anew per measurement compiles its
# code (several CPU seconds of the JIT compiler) while it measures, taking CPU from what it measures
# on a small machine.
start_generator() {
  local warmup=${GENERATOR_WARMUP:-30}
  if [[ -n ${GENERATOR_PID:-} ]]; then
    wait "$GENERATOR_PID" 2>/dev/null || true
  fi
  coproc GENERATOR {
    exec timeout --signal=TERM "$MAX_SECONDS" java -Xmx512m -cp "$(loadtests_classpath)" \
      dev.strangler.loadtests.open.OpenLoad --serve 2>>"$OUT/open-load.log"
  }
  STARTED_PIDS+=("$GENERATOR_PID")
  log "generator up (OpenLoad --serve); warm-up: ${warmup}s of $* (not kept)"
  generate "$((warmup + 45))" "$@" "--seconds=$warmup" "--warmup=0" >/dev/null
}

# generate LIMIT_SECONDS ARGS...: one measurement by the generator of start_generator; prints its
# RESULT line, or nothing when it refused the settings. Ends the script when the generator does not
# answer in time (a late answer would be read as the next measurement's).
generate() {
  local limit=$1 line
  shift
  echo "$*" >&"${GENERATOR[1]}"
  if ! read -r -t "$limit" line <&"${GENERATOR[0]}"; then
    echo "the generator did not answer within ${limit}s (see $OUT/open-load.log)" >&2
    kill -TERM $$
  fi
  if [[ $line == RESULT* ]]; then
    echo "$line"
  else
    echo "generator: $line" >>"$OUT/open-load.log"
  fi
}

machine_summary() {
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "- jdk: $(java -version 2>&1 | head -2 | tail -1)"
  echo "- os: $(uname -sr)"
  echo "- load generator: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
}
