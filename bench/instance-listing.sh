#!/usr/bin/env bash
# GetJobInstanceList p50/p99 on the embedded store, one job of 1,000 and of 1,000,000 instances.
# Usage: bench/instance-listing.sh [SIZE ...]   (default: 1000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.taskfn.bench.InstanceListingBenchmark "$@"
