#!/usr/bin/env bash
# Embedded store engines for taskfn, measured: write throughput/latency, acknowledged writes lost
# to SIGKILL, and reads on a 200,000-row table (-Drows=1000000 for a million). Builds this standalone module (its own target/)
# and prints Markdown tables on stdout (progress on stderr).
#
#   bench/store-engines/run.sh [all|throughput|kill|read|fsync|dialect] [candidate,...] [-Dname=value ...]
#
# candidates: h2, h2-wd0, h2-wd0-varchar, sqlite-normal, sqlite-full, sqlite-full-group
# settings (system properties): threads=8 warmup=2 seconds=8 trials=3 acks=2000 rows=200000
#   readSeconds=3 dir=<this folder>/target/data
# `fsync` counts fsync/fdatasync calls per 1,000 single-thread inserts with strace (apt-get install strace).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mvn_cmd="$here/../../mvnw"
[ -x "$mvn_cmd" ] || mvn_cmd=mvn
"$mvn_cmd" -q -B -f "$here/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile="$here/target/classpath.txt" >&2

mode="${1:-all}"; shift || true
cands=()
if [ $# -gt 0 ] && [[ "$1" != -D* ]]; then cands=("$1"); shift; fi
props=("$@")
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
exec java -Xmx1g -Ddir="$here/target/data" "${props[@]}" -cp "$cp" bench.store.StoreBench "$mode" "${cands[@]}"
