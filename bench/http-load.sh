#!/usr/bin/env bash
# HTTP load on the runner jar, on a fresh embedded store (or the store TASKFN_OPTS names).
# Usage: bench/http-load.sh SCENARIO [THREADS] [SECONDS]   (SCENARIO: executejob | sync)
# TASKFN_OPTS adds JVM options to the server, e.g. TASKFN_OPTS=-Dtaskfn.store.durability=power-loss
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=$1
threads=${2:-16}
seconds=${3:-20}
port=${BENCH_PORT:-18080}

jar=target/taskfn-0.1.0-SNAPSHOT-runner.jar
# The load program calls test support (io.taskfn.support.BenchCalls) from target/test-classes.
[ -f "$jar" ] && [ -f target/test-classes/io/taskfn/support/BenchCalls.class ] \
  || ./mvnw -B -q package -DskipTests
store=$(mktemp -d)
java ${TASKFN_OPTS:-} -Dquarkus.http.port="$port" -Dtaskfn.store.path="$store" -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$store"' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break
  sleep 0.1
done
java -cp target/test-classes -Dbench.store="${BENCH_STORE:-embedded}" bench/HttpLoad.java "$scenario" "http://127.0.0.1:$port" "$threads" 5 "$seconds"
