#!/usr/bin/env bash
# Cold start of one function through AWS's Runtime Interface Client with the managed Java
# runtime's JVM flags, over DynamoDB (dynalite): first response and RSS, median of RUNS.
# Usage: bench/lambda-cold-start.sh [RUNS] [MEMORY_MB] [FUNCTION]   (defaults: 5 512 CreateNamespace)
# BENCH_SNAP_START=1 times the init SnapStart snapshots (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start)
# and then the first response after it, apart.
# Needs root (each run gets its own /tmp and a read-only task root through unshare), node and
# dynalite (.ci/install-test-tools installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
memory=${2:-512}
function=${3:-CreateNamespace}
port=${BENCH_DYNALITE_PORT:-18210}

if [ ! -f target/function.zip ] || [ ! -d target/lambda-runtime-client ] || [ ! -f target/sam.taskfn.yaml ] \
  || [ ! -f target/test-classes/io/taskfn/support/TemplateEnvironment.class ]; then
  ./mvnw -B -q package -DskipTests
fi
# The bench reads the generated template (YAML) to run the function with the template's environment.
[ target/bench-classpath.txt -nt pom.xml ] \
  || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
dynalite="$HOME/.cache/taskfn/dynalite-4.0.0/node_modules/dynalite/cli.js"
[ -f "$dynalite" ] || { echo "dynalite is missing: run .ci/install-test-tools" >&2; exit 1; }

# Not under /tmp: each function gets a /tmp of its own, which would hide the task root.
mkdir -p target
work=$(mktemp -d -p target lambda-cold-start.XXXXXX)
node "$dynalite" --host 127.0.0.1 --port "$port" --createTableMs 0 > "$work/dynalite.log" 2>&1 &
dynalite_pid=$!
trap 'kill $dynalite_pid 2>/dev/null; wait $dynalite_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
unzip -q target/function.zip -d "$work/task"
chmod -R a-w "$work/task"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "target/test-classes:$(cat target/bench-classpath.txt)" bench/LambdaColdStart.java "$work/task" "$function" "$memory" "$runs" \
  "http://127.0.0.1:$port"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
chmod -R u+w "$work/task"
