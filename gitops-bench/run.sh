#!/usr/bin/env bash
# Runs the JMH benchmarks beside their references (JsonNode.equals, zjsonpatch, fio) and writes
# docs/benchmarks.md plus the JMH JSON beside it. About 8 minutes on 2 cores; --quick for a smoke run.
#   gitops-bench/run.sh [--quick] [--fsync-dir DIR] [--output docs/benchmarks.md]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v fio >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq --no-install-recommends fio
  else
    echo "fio not found: the fsync table will have no reference row (install Debian's fio)" >&2
  fi
fi

mvn -B -q -DskipTests -pl gitops-bench -am package
java -jar gitops-bench/target/benchmarks.jar "$@"
