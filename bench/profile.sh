#!/usr/bin/env bash
# Where one workload of bench/fast-paths.sh spends taskfn's CPU: runs it alone, records its
# measured seconds with JFR (profile settings: Java samples every 10 ms, native every 20 ms; 256
# frames deep) and prints the methods most often on top of the stack and anywhere on it (io.taskfn,
# the store's driver, Jackson, Funqy), and where SQLite's native samples are.
# Usage: bench/profile.sh ACTION [SECONDS]    (ACTION: GetJobInfo | ExecuteJob | StartSyncExecution)
# The recording stays in target/profile-ACTION.jfr (jfr print --events jdk.ExecutionSample reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
action=$1
recording=$PWD/target/profile-$action.jfr
rm -f "$recording"
FAST_PATHS_BUILD=${FAST_PATHS_BUILD:-0} FAST_PATHS_ONLY=$action FAST_PATHS_JFR=$recording \
  TASKFN_OPTS="${TASKFN_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256" \
  bench/fast-paths.sh "${2:-10}"
java bench/JfrTop.java "$recording" 30 io.taskfn. org.sqlite. com.fasterxml. io.quarkus.funqy.
