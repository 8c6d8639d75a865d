#!/usr/bin/env bash
# Issue 12's table: GetJobInfo, ExecuteJob (dispatcher running every instance) and
# StartSyncExecution of ../shared/bench/pass-chain-20.json against taskfn, and the bare Funqy
# endpoint of bench/bare-funqy, in one run; requests/s, p50, p99, share of bare; then taskfn's
# resident set. Both servers run with HEAP (default -Xmx128m) on fresh stores; load from wrk
# (Debian: apt-get install wrk) on the same cores.
# Usage: bench/fast-paths.sh [SECONDS] [CONNECTIONS]     (default 10 s, 32 connections, wrk -t2)
# FAST_PATHS_BUILD=0 reuses the built jars; TASKFN_JAR runs another runner jar (one kept from an
# earlier build, beside target/lib); TASKFN_OPTS adds JVM options to taskfn;
# FAST_PATHS_ONLY=ACTION runs that workload alone, FAST_PATHS_JFR=FILE records its measured run
# (both for bench/profile.sh); BENCH_PORT and
# BENCH_BARE_PORT move the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
port=${BENCH_PORT:-18080}
bare_port=${BENCH_BARE_PORT:-18081}
heap=${HEAP:--Xmx128m}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

jar=${TASKFN_JAR:-target/taskfn-0.1.0-SNAPSHOT-runner.jar}
bare=bench/bare-funqy/target/quarkus-app/quarkus-run.jar
if [ "${FAST_PATHS_BUILD:-1}" != 0 ]; then
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q -f bench/bare-funqy/pom.xml package -DskipTests
fi
store=$(mktemp -d)
java $heap ${TASKFN_OPTS:-} -Dquarkus.http.port="$port" -Dtaskfn.store.path="$store" \
  -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
java $heap -Dquarkus.http.port="$bare_port" -jar "$bare" > "$store/bare.log" 2>&1 &
bare_server=$!
trap 'kill $server $bare_server 2>/dev/null; wait $server $bare_server 2>/dev/null || true; rm -rf "$store"' EXIT
for p in "$port" "$bare_port"; do
  for i in $(seq 1 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$p/" && break
    if [ "$i" = 1200 ] || ! kill -0 "$server" "$bare_server" 2>/dev/null; then
      echo "a server did not start:" >&2; tail -20 "$store/server.log" "$store/bare.log" >&2; exit 1
    fi
    sleep 0.1
  done
done
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average before:$(uptime | sed 's/.*load average://')"
echo "command: bench/fast-paths.sh $*  (HEAP=$heap${TASKFN_OPTS:+ TASKFN_OPTS=$TASKFN_OPTS})"
java -cp target/test-classes -Dfast.only="${FAST_PATHS_ONLY:-}" -Dfast.jfr="${FAST_PATHS_JFR:-}" bench/FastPaths.java "http://127.0.0.1:$port" "http://127.0.0.1:$bare_port" "$server" \
  2 "$connections" 3 "$seconds"
echo "load average after:$(uptime | sed 's/.*load average://')"
if grep -q ' ERROR ' "$store/server.log"; then
  echo "taskfn logged errors:"; grep ' ERROR ' "$store/server.log" | head -20
fi
