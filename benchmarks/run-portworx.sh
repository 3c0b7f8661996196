#!/usr/bin/env sh
# Builds portworx + benchmarks (no install) and runs the Portworx provider-vs-raw-stub benchmark.
# Usage: benchmarks/run-portworx.sh [--iterations 1000] [--rounds 5]
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/runtime.cp -Dmdep.includeScope=runtime
CP="benchmarks/target/classes:$(cat benchmarks/target/runtime.cp)"
exec java -cp "$CP" dev.snapfork.benchmarks.portworx.PortworxOverheadBenchmark "$@"
