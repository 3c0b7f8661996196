#!/usr/bin/env sh
# Builds api + benchmarks (no install) and runs B3, the local copy benchmark.
# Usage: benchmarks/run.sh [--size-mb 1024] [--files 20000] [--rounds 5] [--dir PATH] [--copy-mode auto|reflink|copy]
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -pl benchmarks -am package -DskipTests
SLF4J=$(find "${HOME}/.m2/repository/org/slf4j/slf4j-api" -name 'slf4j-api-2.*.jar' | sort | tail -n 1)
CP="benchmarks/target/classes:api/target/classes:${SLF4J}"
exec java -cp "$CP" dev.snapfork.benchmarks.LocalCopyBenchmark "$@"
