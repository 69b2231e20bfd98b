#!/usr/bin/env bash
# JMH benchmarks of the routing decision (src/jmh/java): builds the classes, then runs JMH with
# the arguments given (default: every benchmark of RouterDecideBenchmark, 1 fork, 3 x 2 s warm-up,
# 5 x 2 s measurement). Results go to load-tests/target/jmh/results.txt as well.
#
#   load-tests/jmh.sh                          # all of them
#   load-tests/jmh.sh RouterDecideBenchmark.lastRoute -p routes=1000
set -euo pipefail
# shellcheck source=lib/stack.sh
source "$(dirname "$0")/lib/stack.sh"
OUT=$LT/target/jmh
mkdir -p "$OUT"
build_all
if [[ $# -eq 0 ]]; then
  set -- RouterDecideBenchmark
fi
timeout 1800 java -cp "$(loadtests_classpath)" org.openjdk.jmh.Main -rf text -rff "$OUT/results.txt" "$@"
