#!/usr/bin/env bash
# The input fuzz test (src/test/java/io/taskfn/it/InputFuzzIT.java) with more tries than the
# build's bounded pass: builds the runner jar, starts it on a fresh store (loopback, a free port)
# and runs only InputFuzzIT against it. The figures line is "input fuzz: N calls … in T s".
# Usage: bench/fuzz.sh [TRIES]   (tries per property; ./mvnw verify runs 100)
set -euo pipefail
cd "$(dirname "$0")/.."
tries=${1:-2000}
log=target/fuzz.log
mkdir -p target
status=0
./mvnw -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=InputFuzzIT -Djqwik.tries.default="$tries" > "$log" 2>&1 || status=$?
grep -E "^input fuzz:|Tests run:.*InputFuzzIT|<<< FAIL|BUILD (SUCCESS|FAILURE)" "$log" || true
[ "$status" -eq 0 ] || echo "bench/fuzz.sh: failed; the jqwik report (seed, shrunk sample) is in $log" >&2
exit "$status"
