#!/usr/bin/env bash
# Calls placed per second by one call task against the webhook dialer (an endpoint that answers
# every call at once), on the runner jar and a fresh embedded store.
# Usage: bench/calls-webhook.sh [NUMBERS] [CONCURRENCY]   (defaults 5000 50)
# TASKFN_OPTS adds JVM options to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
numbers=${1:-5000}
concurrency=${2:-50}
port=${BENCH_PORT:-18080}
webhook_port=$((port + 1))

jar=target/taskfn-0.1.0-SNAPSHOT-runner.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
store=$(mktemp -d)
java ${TASKFN_OPTS:-} -Dquarkus.http.port="$port" -Dtaskfn.store.path="$store" \
  -Dtaskfn.calltask.dialer.type=webhook \
  -Dtaskfn.calltask.dialer.webhook-url="http://127.0.0.1:$webhook_port/dial" \
  -Dtaskfn.calltask.concurrency-quota="$concurrency" \
  -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$store"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
java bench/CallLoad.java "http://127.0.0.1:$port" "$webhook_port" "$numbers" "$concurrency"
