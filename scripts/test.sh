#!/usr/bin/env bash
# Runs every test, as CI does (.ci/run calls this script): first installs what the tests start
# for real when it is missing (Debian's redis-server, chromium and chromium-driver), then runs
# `mvn verify`. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if ((${#missing[@]})); then
  echo "Installing what the tests need: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # The packages' own services are not wanted: the tests start their own servers on free ports.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
fi

exec mvn -B -ntp verify "$@"
