#!/usr/bin/env sh
# Builds api, testkit, mongo-consistency (with its test jar) and benchmarks (no install) and runs
# B-mongo, the MongoDB hook freeze-window benchmark.
# Usage: benchmarks/run-mongo.sh [--rounds 15] [--large-rounds 5] [--cut-ms 50] [--sizes-mb 1,1024] [--dir PATH]
set -eu
cd "$(dirname "$0")/.."
CPFILE=$(mktemp)
./mvnw -q -pl mongo-consistency,benchmarks -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$CPFILE"
exec java -cp "benchmarks/target/classes:$(cat "$CPFILE")" dev.snapfork.benchmarks.mongo.MongoFreezeBenchmark "$@"
