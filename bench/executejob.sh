#!/usr/bin/env bash
# ExecuteJob requests/second and latency percentiles over HTTP on the embedded store.
# Usage: bench/executejob.sh [THREADS] [MEASURE_SECONDS]   (builds the jar if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-16}
seconds=${2:-20}
port=${BENCH_PORT:-18080}

jar=target/taskfn-0.1.0-SNAPSHOT-runner.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
store=$(mktemp -d)
java -Dquarkus.http.port="$port" -Dtaskfn.store.path="$store" -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$store"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
java bench/ExecuteJobLoad.java "http://127.0.0.1:$port" "$threads" 5 "$seconds"
