#!/usr/bin/env bash
# Email: messages/s delivered to an SMTP server on loopback, and GetSendStatus requests/s against a
# bare Funqy endpoint (bench/bare-funqy) in the same run.
# Usage: bench/email.sh [THREADS] [MESSAGES] [SECONDS]
# TASKFN_OPTS adds JVM options to the taskfn server.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-16}
messages=${2:-5000}
seconds=${3:-15}
port=${BENCH_PORT:-18080}
bare_port=${BENCH_BARE_PORT:-18081}
smtp_port=${BENCH_SMTP_PORT:-18025}

jar=target/taskfn-0.1.0-SNAPSHOT-runner.jar
bare=bench/bare-funqy/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
[ -f "$bare" ] || ./mvnw -B -q -f bench/bare-funqy/pom.xml package -DskipTests
store=$(mktemp -d)
java ${TASKFN_OPTS:-} -Dquarkus.http.port="$port" -Dtaskfn.store.path="$store" \
  -Dtaskfn.email.sender-domains=bench.test -Dquarkus.mailer.mock=false \
  -Dquarkus.mailer.host=127.0.0.1 -Dquarkus.mailer.port="$smtp_port" \
  -Dquarkus.mailer.start-tls=DISABLED -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
java -Dquarkus.http.port="$bare_port" -jar "$bare" > "$store/bare.log" 2>&1 &
bare_server=$!
trap 'kill $server $bare_server 2>/dev/null; wait $server $bare_server 2>/dev/null; rm -rf "$store"' EXIT
for p in "$port" "$bare_port"; do
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$p/" && break
    sleep 0.1
  done
done
java bench/EmailLoad.java "http://127.0.0.1:$port" "http://127.0.0.1:$bare_port" "$smtp_port" \
  "$threads" "$messages" "$seconds"
