#!/usr/bin/env bash
# Which threads of the packaged server wait for the disk while it answers StartSyncExecution
# calls (an Express run, recorded in the embedded store) one after another: strace counts the
# fsync/fdatasync calls made during the calls, per thread name. Request threads are
# executor-thread-*; the store's checkpoint thread is taskfn-store-checkpoint.
# Usage: bench/request-syncs.sh [CALLS, default 1000]   (needs strace; builds the runner jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-1000}
port=${BENCH_PORT:-18491}
command -v strace >/dev/null || { echo "strace is missing (apt-get install strace)" >&2; exit 1; }
[ -f target/taskfn-0.1.0-SNAPSHOT-runner.jar ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
strace -f -e trace=fsync,fdatasync -o "$work/syncs.txt" \
  java -Xmx256m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dtaskfn.store.path="$work/data" \
  -jar target/taskfn-0.1.0-SNAPSHOT-runner.jar > "$work/server.log" 2>&1 &
tracer=$!
trap 'kill $tracer 2>/dev/null; pkill -f "quarkus.http.port=$port" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "localhost:$port/q/health/ready" && break; sleep 0.5; done
definition=$(python3 -c 'import json;print(json.dumps(open("../shared/bench/pass-chain-20.json").read()))')
curl -sf -o /dev/null "localhost:$port/CreateFlow" -H 'content-type: application/json' \
  -d "{\"Name\":\"chain\",\"Type\":\"FDL\",\"ExecutionMode\":\"Express\",\"Definition\":$definition}"
server=$(pgrep -f "^java .*quarkus.http.port=$port")
sleep 2
before=$(wc -l < "$work/syncs.txt")
started=$(date +%s%N)
for _ in $(seq 1 "$calls"); do
  curl -sf -o /dev/null "localhost:$port/StartSyncExecution" -H 'content-type: application/json' \
    -d '{"FlowName":"chain","Input":"{\"a\":\"x\",\"n\":1}"}'
done
took=$(( ($(date +%s%N) - started) / 1000000 ))
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$calls StartSyncExecution calls in $took ms; fsync/fdatasync calls meanwhile, by thread:"
tail -n +"$((before + 1))" "$work/syncs.txt" | grep -E 'fsync|fdatasync' | awk '{print $1}' | sort | uniq -c |
  while read -r count thread; do
    printf '%6d  %s\n' "$count" "$(cat "/proc/$server/task/$thread/comm" 2>/dev/null || echo "thread $thread")"
  done
