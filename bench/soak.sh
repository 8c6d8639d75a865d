#!/usr/bin/env bash
# Soak: the runner jar with -Xmx256m on a fresh store (loopback only), normal and hostile requests
# from THREADS threads for MINUTES (and at most SOAK_MAX_REQUESTS requests); RSS (VmRSS) and a
# health probe sampled every SOAK_SAMPLE_SECONDS. Prints requests, statuses, 5xx answers, probes
# answered, RSS over time; exits 1 on a 5xx, an unanswered request or a failed probe.
# Usage: bench/soak.sh [MINUTES] [THREADS]
#   SOAK_HOSTILE      hostile kinds, comma-separated (default: all; see bench/Soak.java), e.g.
#                     without the flow bombs, which the flow engine's branch bounds:
#                     SOAK_HOSTILE=$(bench/soak.sh --kinds | sed 's/,flow-[a-z]*//g')
#   SOAK_HOSTILE_SHARE  share of requests that are hostile (default 0.5)
#   SOAK_MAX_REQUESTS, SOAK_SAMPLE_SECONDS, SOAK_PORT (default 18090)
#   SOAK_JAVA_OPTS    the server's JVM options (default -Xmx256m); with
#                     "-Xms256m -Xmx256m -XX:+AlwaysPreTouch" the heap is committed at start, so
#                     what RSS still gains is the rest of the JVM (JIT code, arenas, thread stacks)
set -euo pipefail
cd "$(dirname "$0")/.."
all_kinds=fraction,string-number,trailing-text,duplicate-key,content-type,method,long-uri,huge-uri,bad-escape,overflow-rate,overflow-date,never-fires,big-name,big-body,deep-nesting,long-number,flow-loop,flow-count,flow-map,flow-self,flow-pad,flow-recursion,flow-huge-number,flow-wildcards,flow-nested-map,flow-standard-loop
if [ "${1:-}" = "--kinds" ]; then echo "$all_kinds"; exit 0; fi
minutes=${1:-10}
threads=${2:-4}
port=${SOAK_PORT:-18090}

jar=target/taskfn-0.1.0-SNAPSHOT-runner.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
store=$(mktemp -d)
# shellcheck disable=SC2086 # the options are words
java ${SOAK_JAVA_OPTS:--Xmx256m} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dtaskfn.store.path="$store/data" -jar "$jar" > "$store/server.log" 2>&1 &
server=$!
stop_server() {
  kill $server 2>/dev/null || return 0
  # A server whose heap ran out may not exit on SIGTERM: give it 10 s, then SIGKILL.
  for _ in $(seq 1 50); do kill -0 $server 2>/dev/null || break; sleep 0.2; done
  kill -9 $server 2>/dev/null || true
  wait $server 2>/dev/null || true
}
trap 'stop_server; rm -rf "$store"' EXIT
for _ in $(seq 1 300); do
  curl -s -o /dev/null "http://127.0.0.1:$port/q/health/live" && break
  kill -0 $server 2>/dev/null || { cat "$store/server.log"; exit 1; }
  sleep 0.2
done
status=0
java bench/Soak.java "http://127.0.0.1:$port" "$server" "$minutes" "$threads" \
  "${SOAK_MAX_REQUESTS:-100000000}" "${SOAK_HOSTILE:-$all_kinds}" \
  "${SOAK_HOSTILE_SHARE:-0.5}" "${SOAK_SAMPLE_SECONDS:-5}" || status=$?
if kill -0 $server 2>/dev/null; then
  echo "server: still running at the end"
else
  echo "server: EXITED during the soak"
  status=1
fi
errors=$(grep -c " ERROR " "$store/server.log" || true)
echo "server log: $errors ERROR lines$([ "$errors" -gt 0 ] && echo ", the first:" || true)"
grep -m 3 " ERROR " "$store/server.log" | cut -c1-300 || true
exit "$status"
