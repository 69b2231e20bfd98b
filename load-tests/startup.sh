#!/usr/bin/env bash
# Start-up of the Strangler gateway, in one command: the time from `java` being started to the
# first proxied answer (a 200 from the canary route, through to the fast backend), and the
# resident memory then, for each way of starting it, RUNS times each, interleaved (A B C A B C ...)
# so that the machine's load swings fall on all alike. Prints the table (medians, and every run)
# and writes it to load-tests/target/startup/report.md. Every process it starts is stopped.
#
# Variants (VARIANTS, default all but lazy):
#   jar            java -jar strangler-gateway.jar, the executable jar as built (nested jars)
#   extracted      java -jar extracted/strangler-gateway.jar: the jar extracted by Spring Boot's
#                  tools (java -Djarmode=tools -jar ... extract), a plain class path of jars
#   cds            the extracted layout with a class data sharing archive made by a training run
#                  (-XX:ArchiveClassesAtExit with -Dspring.context.exit=onRefresh), then
#                  -XX:SharedArchiveFile
#   cds-late-c2    cds with C2, the optimizing compiler, started later: the -XX:Tier4* options of
#                  the Dockerfile's entry point, read from it (methods compiled by C2 after
#                  100 000 calls instead of 5 000): what the Dockerfile does
#   cds-lazy       cds with spring.main.lazy-initialization=true (for comparison only, see README)
#
# After the first answer, WARM_LOAD seconds of load (wrk, closed loop, 16 connections) measure how
# much a fresh gateway serves while its JIT compilers are still at work; RSS is read at the first
# answer and after that load.
#
# Settings: RUNS (5), VARIANTS, SKIP_BUILD=1, GATEWAY_JAVA_OPTS (default -Xms512m -Xmx512m, as the
# benchmark), POLL (seconds between probes, 0.05), WARM_LOAD (seconds of load after the first
# answer, 10).
set -euo pipefail
RUNS=${RUNS:-5}
read -r -a VARIANTS <<<"${VARIANTS:-jar extracted cds cds-late-c2}"
POLL=${POLL:-0.05}
WARM_LOAD=${WARM_LOAD:-10}
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
# C2's thresholds as the Dockerfile's entry point gives them, so that cds-late-c2 measures what
# the image runs
LATE_C2=$(grep -o -- '-XX:Tier4[A-Za-z]*=[0-9]*' "$ROOT/Dockerfile" | tr '\n' ' ')
[[ -n $LATE_C2 ]] || { echo "no -XX:Tier4 options in $ROOT/Dockerfile for cds-late-c2" >&2; exit 1; }
OUT=${OUT:-$LT/target/startup}
MAX_SECONDS=$((RUNS * ${#VARIANTS[@]} * (150 + WARM_LOAD) + 600))

command -v wrk >/dev/null || { echo "wrk is needed (load after the first answer): apt-get install wrk" >&2; exit 1; }

mkdir -p "$OUT"
rm -f "$OUT/results.tsv"
trap stop_started EXIT
trap 'exit 130' INT TERM
build_all
machine_summary >"$OUT/machine.md"
write_bench_rules "$OUT/rules.yaml"
start_backend "$LEGACY_PORT" "$MODERN_PORT"

# The layouts, made once from the jar under test.
cp "$GATEWAY_JAR" "$OUT/strangler-gateway.jar"
rm -rf "$OUT/extracted"
java -Djarmode=tools -jar "$OUT/strangler-gateway.jar" extract --destination "$OUT/extracted" >/dev/null
APP_ARGS=(--strangler.rules.location="$OUT/rules.yaml" --server.port="$STRANGLER_PORT"
  --management.server.port="$STRANGLER_MGMT_PORT" --strangler.state.file="$OUT/state.json")
# shellcheck disable=SC2206
JAVA_OPTS=($GATEWAY_JAVA_OPTS)
if [[ " ${VARIANTS[*]} " == *" cds"* ]]; then
  log "training run for the CDS archive"
  rm -f "$OUT/extracted/application.jsa"
  (cd "$OUT/extracted" && timeout 300 java "${JAVA_OPTS[@]}" -XX:ArchiveClassesAtExit=application.jsa \
    -Dspring.context.exit=onRefresh -jar strangler-gateway.jar "${APP_ARGS[@]}" >"$OUT/training.log" 2>&1) || true
  [[ -s "$OUT/extracted/application.jsa" ]] || { echo "no CDS archive made; see $OUT/training.log" >&2; exit 1; }
  log "CDS archive: $(du -h "$OUT/extracted/application.jsa" | cut -f1)"
fi

# Each variant runs in its directory with a relative jar path, as the Dockerfile does (WORKDIR
# /app): a CDS archive records the class path as the training run gave it, and the JVM refuses the
# archive when the same entries are not found there again.
dir_of() {
  case $1 in
    jar) echo "$OUT" ;;
    *) echo "$OUT/extracted" ;;
  esac
}

command_of() {
  case $1 in
    jar | extracted) echo "java ${JAVA_OPTS[*]} -jar strangler-gateway.jar" ;;
    cds) echo "java ${JAVA_OPTS[*]} -XX:SharedArchiveFile=application.jsa -jar strangler-gateway.jar" ;;
    cds-late-c2) echo "java ${JAVA_OPTS[*]} -XX:SharedArchiveFile=application.jsa $LATE_C2 -jar strangler-gateway.jar" ;;
    cds-lazy) echo "java ${JAVA_OPTS[*]} -XX:SharedArchiveFile=application.jsa -Dspring.main.lazy-initialization=true -jar strangler-gateway.jar" ;;
    *) echo "unknown variant $1 (expected: jar, extracted, cds, cds-late-c2, cds-lazy)" >&2; exit 1 ;;
  esac
}

PROBE_PATH=/api/canary/items/42

# The probe runs in this shell, without starting a process: a curl and a sleep every 50 ms would
# take CPU from the start-up they measure (on 2 cores, about as much as the JIT compiler leaves).
# bash's /dev/tcp, read -t and $EPOCHREALTIME do the work of curl, sleep and date.
exec {PAUSE_FD}<> <(:)
pause() { read -r -t "$1" -u "$PAUSE_FD" _ || true; }

# one GET of the canary route; sets STATUS to the answer's status code (empty when none came)
probe() {
  local fd line
  STATUS=
  # (braces: a bare exec's 2>/dev/null would silence this shell for good)
  { exec {fd}<>"/dev/tcp/127.0.0.1/$STRANGLER_PORT"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-User-Id: startup\r\nConnection: close\r\n\r\n' \
    "$PROBE_PATH" >&"$fd" 2>/dev/null || { exec {fd}>&-; return 1; }
  read -r -t 1 -u "$fd" line || line=
  exec {fd}>&-
  line=${line#HTTP/1.1 }
  STATUS=${line%% *}
}

# one VARIANT RUN: starts the gateway, probes until the first 200, records, stops it.
one() {
  local variant=$1 run=$2 start now first pid rss rss_later started served
  assert_port_free "$STRANGLER_PORT"
  assert_port_free "$STRANGLER_MGMT_PORT"
  rm -f "$OUT/state.json"
  start=${EPOCHREALTIME/./}
  # shellcheck disable=SC2046
  (cd "$(dir_of "$variant")" && exec timeout --signal=TERM 180 $(command_of "$variant") "${APP_ARGS[@]}" \
    >"$OUT/$variant-$run.log" 2>&1) &
  pid=$!
  first=
  while kill -0 "$pid" 2>/dev/null; do
    if probe && [[ $STATUS == 200 ]]; then
      now=${EPOCHREALTIME/./}
      first=$(((now - start) / 1000))
      break
    fi
    now=${EPOCHREALTIME/./}
    ((now - start < 150000000)) || break
    pause "$POLL"
  done
  local java
  java=$(java_pid_of "$pid")
  rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$java/status" 2>/dev/null || echo 0)
  served=$(timeout "$((WARM_LOAD + 30))" wrk -t1 -c16 -d"${WARM_LOAD}s" --timeout 5s -s "$LT/lib/bench.lua" \
    "http://127.0.0.1:$STRANGLER_PORT$PROBE_PATH" | awk '/^Requests\/sec:/ {printf "%.0f", $2}' || true)
  rss_later=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$java/status" 2>/dev/null || echo 0)
  # Spring Boot's own figure: "Started StranglerApplication in 9.1 seconds (process running for 10.2)"
  started=$(grep -o 'process running for [0-9.]*' "$OUT/$variant-$run.log" | grep -o '[0-9.]*$' || echo '-')
  if grep -q 'Unable to use shared archive' "$OUT/$variant-$run.log"; then
    echo "$variant: the JVM did not use the CDS archive (see $OUT/$variant-$run.log)" >&2
    exit 1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$run" "${first:--}" "$started" "$rss" "${served:--}" "$rss_later" \
    >>"$OUT/results.tsv"
  log "$variant run $run: first proxied answer after ${first:-none} ms (Spring Boot: process running for ${started} s), RSS ${rss} MiB; then ${served:-?} req/s for ${WARM_LOAD} s, RSS ${rss_later} MiB"
}

for run in $(seq 1 "$RUNS"); do
  for i in $(seq 0 $((${#VARIANTS[@]} - 1))); do
    one "${VARIANTS[$(((i + run - 1) % ${#VARIANTS[@]}))]}" "$run"
  done
done

echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.md"
{
  echo "## Start-up: java to the first proxied answer"
  echo
  cat "$OUT/machine.md"
  echo "- $RUNS runs per variant, interleaved; JVM options: ${JAVA_OPTS[*]}; probe every ${POLL}s"
  echo
  echo "| variant | first answer ms (median) | min..max | vs jar (median of per-run ratios) | Spring Boot 'process running for' s (median) | RSS MiB at first answer | req/s in the first ${WARM_LOAD} s of load | RSS MiB after it |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ");
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      if (n == 0) return "-";
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function minmax(list,   n, a, i, lo, hi) {
      n = split(list, a, " "); lo = a[1]; hi = a[1];
      for (i = 2; i <= n; i++) { if (a[i] + 0 < lo + 0) lo = a[i]; if (a[i] + 0 > hi + 0) hi = a[i] }
      return lo ".." hi
    }
    $3 != "-" { first[$1] = first[$1] " " $3; byrun[$1, $2] = $3 }
    $4 != "-" { boot[$1] = boot[$1] " " $4 }
    $6 != "-" { served[$1] = served[$1] " " $6 }
    { rss[$1] = rss[$1] " " $5; later[$1] = later[$1] " " $7; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } runs[$2] = 1 }
    END {
      for (i = 1; i <= k; i++) {
        v = order[i]; ratios = "";
        for (r in runs) if (((v, r) in byrun) && (("jar", r) in byrun)) ratios = ratios " " sprintf("%.2f", byrun[v, r] / byrun["jar", r]);
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", v, median(first[v]), minmax(first[v]), (ratios == "" ? "-" : median(ratios) "x"), median(boot[v]), median(rss[v]), median(served[v]), median(later[v])
      }
    }' "$OUT/results.tsv"
  echo
  echo "Every run (variant, run, first answer ms, Spring Boot's 'process running for' s, RSS MiB at first answer, req/s in the first ${WARM_LOAD} s of load, RSS MiB after it):"
  echo
  echo '```'
  cat "$OUT/results.tsv"
  echo '```'
} | tee "$OUT/report.md"
