#!/usr/bin/env sh
# Builds the benchmarks (no install) and runs one harness.
# Usage: benchmarks/run.sh NAME [args...]
#   NAME: b1 (freeze window), b2 (group cut), b3 (local copy), b4 (SQL hooks), mongo (MongoDB hook), or a fully qualified class name.
#   Examples: benchmarks/run.sh b1 40 3    benchmarks/run.sh b3 --size-mb 1024
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '3,6p' "$0"; exit 2; }
name=$1; shift
case "$name" in
  b1) main=dev.snapfork.benchmarks.FreezeWindowBenchmark ;;
  b2) main=dev.snapfork.benchmarks.GroupCutBenchmark ;;
  b3) main=dev.snapfork.benchmarks.LocalCopyBenchmark ;;
  b4) main=dev.snapfork.benchmarks.sql.SqlFreezeBenchmark ;;
  mongo) main=dev.snapfork.benchmarks.mongo.MongoFreezeBenchmark ;;
  *) main=$name ;;
esac
./mvnw -q -pl benchmarks -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt >&2
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" "$main" "$@"
