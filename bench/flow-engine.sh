#!/usr/bin/env bash
# JMH: the flow engine on the shared 20-state Pass chain (alone, and with its history read), a
# 1,000-iteration Choice loop, a Map over 1,000 items, and parsing a 50-state definition. Usage: bench/flow-engine.sh [JMH options, default -i 5]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(-i 5)
java -Dtaskfn.shared=../shared -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main FlowEngineBenchmark -f 1 -wi 3 -w 2s -r 2s "${options[@]}"
