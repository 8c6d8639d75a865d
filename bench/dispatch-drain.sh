#!/usr/bin/env bash
# The in-process dispatcher alone on a backlog (bench/DispatchDrain.java): INSTANCES instances of
# an http job queued while the job's endpoint holds its answers back, then let through and timed
# until all have run; instances/s and instances per CPU-second of the server, ROUNDS times in one
# server (the first rounds warm the JIT up). taskfn runs with HEAP (default -Xmx128m) on a fresh
# embedded store.
# Usage: bench/dispatch-drain.sh [INSTANCES] [ROUNDS]     (default 3000, 3)
# TASKFN_JAR runs another runner jar (beside target/lib); TASKFN_OPTS adds JVM options; BENCH_PORT
# moves the port; DRAIN_JFR=FILE records the last round's drain with JFR (bench/JfrTop.java reads
# it). Builds nothing: run ./mvnw package -DskipTests first.
set -euo pipefail
cd "$(dirname "$0")/.."
instances=${1:-3000}
rounds=${2:-3}
port=${BENCH_PORT:-18090}
heap=${HEAP:--Xmx128m}
jar=${TASKFN_JAR:-target/taskfn-0.1.0-SNAPSHOT-runner.jar}
[ -f target/test-classes/io/taskfn/support/BenchCalls.class ] \
  || { echo "target/test-classes is missing: run ./mvnw package -DskipTests first" >&2; exit 1; }
store=$(mktemp -d)
java $heap ${TASKFN_OPTS:-} -Dquarkus.http.port="$port" -Dtaskfn.store.path="$store" \
  -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$store"' EXIT
for i in $(seq 1 1200); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  if [ "$i" = 1200 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "taskfn did not start:" >&2; tail -20 "$store/server.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average before:$(uptime | sed 's/.*load average://')"
echo "command: bench/dispatch-drain.sh $*  (HEAP=$heap${TASKFN_JAR:+ TASKFN_JAR=$TASKFN_JAR}${TASKFN_OPTS:+ TASKFN_OPTS=$TASKFN_OPTS})"
java -cp target/test-classes -Ddrain.jfr="${DRAIN_JFR:-}" bench/DispatchDrain.java "http://127.0.0.1:$port" "$server" \
  "$instances" "$rounds"
echo "load average after:$(uptime | sed 's/.*load average://')"
if grep -q ' ERROR ' "$store/server.log"; then
  echo "taskfn logged errors:"; grep ' ERROR ' "$store/server.log" | head -20
fi
