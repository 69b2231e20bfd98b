#!/usr/bin/env bash
# Runs every test, as CI does (.ci/run calls this script): first installs what the tests start
# for real when it is missing (Debian's redis-server, chromium and chromium-driver; kubectl with
# kustomize v5 for KubernetesManifestsTest, from an apt source that has it, such as Google Cloud's
# packages.cloud.google.com/apt: Debian's own kubernetes-client is too old), then runs
# `mvn verify`. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if ! command -v kubectl >/dev/null 2>&1; then
  if apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    missing+=(kubectl)
  else
    echo "kubectl is missing and no apt source offers it: KubernetesManifestsTest will fail." >&2
    echo "Add https://packages.cloud.google.com/apt (cloud-sdk) or put kubectl >= 1.27 on the PATH." >&2
  fi
fi
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
