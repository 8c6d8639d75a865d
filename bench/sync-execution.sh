#!/usr/bin/env bash
# StartSyncExecution executions/second and latency percentiles over HTTP on the embedded store,
# running the shared 20-state Pass chain. Usage: bench/sync-execution.sh [THREADS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-16}
seconds=${2:-20}
port=${BENCH_PORT:-18082}

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
java bench/SyncExecutionLoad.java "http://127.0.0.1:$port" ../shared/bench/pass-chain-20.json "$threads" 5 "$seconds"
