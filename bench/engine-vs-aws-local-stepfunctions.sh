#!/usr/bin/env bash
# The flow engine in-process against the aws-local-stepfunctions npm package on the same 20-state
# Pass chain (../shared/bench/pass-chain-20.json), one thread each, in one run: executions/s of
# each and the ratio. Installs the package with npm (into ~/.cache/taskfn); taskfn's figure comes
# from FlowEngineBenchmark.passChain20 (JMH, throughput) and, for the parse goal, parse50States.
# Usage: bench/engine-vs-aws-local-stepfunctions.sh [SECONDS per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
version=3.0.0
modules="$HOME/.cache/taskfn/aws-local-stepfunctions-$version/node_modules"
if [ ! -d "$modules/aws-local-stepfunctions" ]; then
  mkdir -p "$(dirname "$modules")"
  (cd "$(dirname "$modules")" && npm install --no-audit --no-fund --silent "aws-local-stepfunctions@$version")
fi
definition=../shared/bench/pass-chain-20.json
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
node_line=$(node bench/AwsLocalStepFunctions.mjs "$modules" "$definition" "$seconds" | tee /dev/stderr | grep '^RESULT')
node_rate=${node_line#RESULT }
java -Dtaskfn.shared=../shared -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main 'FlowEngineBenchmark.(passChain20|parse50States)' -f 1 -wi 3 -w 2s -i 5 \
  -r "$((seconds / 5 > 1 ? seconds / 5 : 1))s" -bm thrpt -tu s -rf json -rff target/engine-vs-als.json > target/engine-vs-als.log
read -r taskfn_rate parse_rate < <(python3 -c '
import json,sys
rows={r["benchmark"].rsplit(".",1)[1]: r["primaryMetric"]["score"] for r in json.load(open("target/engine-vs-als.json"))}
print(round(rows["passChain20"]), round(rows["parse50States"]))')
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| engine (20-state Pass chain, one thread) | executions/s |\n|---|---|\n'
printf '| aws-local-stepfunctions %s (Node %s) | %s |\n' "$version" "$(node --version)" "$node_rate"
printf '| taskfn flow engine (JDK %s) | %s |\n' "$(java -version 2>&1 | head -1 | cut -d'"' -f2)" "$taskfn_rate"
python3 -c "print(f'\ntaskfn / aws-local-stepfunctions: {$taskfn_rate / $node_rate:.1f}x')"
python3 -c "print(f'parse and check a 50-state definition: {1e6 / $parse_rate:.1f} µs ({$parse_rate} per second)')"
