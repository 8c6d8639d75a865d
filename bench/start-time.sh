#!/usr/bin/env bash
# Time to the first answer of a fresh process (median of RUNS, default 10), on the default JDK 17
# and on Temurin 25, each without and with an archive of the classes start-up loads: AppCDS on
# JDK 17 (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile), the AOT cache on JDK 25
# (-XX:AOTCacheOutput, then -XX:AOTCache). Each archive comes from one training run of the built
# jar that answers one call and exits. The bytecode is the build's (Java 17) in every row; the
# bare Funqy endpoint (bench/bare-funqy) is measured the same way for scale.
# Usage: bench/start-time.sh [RUNS]      BENCH_PORT moves the port; JDK25 the Temurin 25 home.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
port=${BENCH_PORT:-18080}
jdk17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=target/taskfn-0.1.0-SNAPSHOT-runner.jar
bare=bench/bare-funqy/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
[ -f "$bare" ] || ./mvnw -B -q -f bench/bare-funqy/pom.xml package -DskipTests
work=target/start-time
rm -rf "$work"; mkdir -p "$work"
log=$work/servers.log
taskfn_call=("http://127.0.0.1:$port/ListNamespaces" '{}')
bare_call=("http://127.0.0.1:$port/GetSendStatus" '{"messageId":"m-1"}')
opts=(-Xmx128m -Dquarkus.http.port="$port")

measure() { # label, call url, call body, java, args...
  local label=$1 url=$2 body=$3; shift 3
  printf '%-48s ' "$label"
  java bench/StartTime.java "$runs" "$url" "$body" "$log" "$@"
}
train() { # call url, call body, java, args...
  local url=$1 body=$2; shift 2
  java bench/StartTime.java 0 "$url" "$body" "$log" "$@" > /dev/null
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average:$(uptime | sed 's/.*load average://')"
echo "JDK 17: $("$jdk17/bin/java" -version 2>&1 | head -1); JDK 25: $("$jdk25/bin/java" -version 2>&1 | head -1)"
measure "bare Funqy, JDK 17" "${bare_call[@]}" "$jdk17/bin/java" "${opts[@]}" -jar "$bare"
measure "taskfn, JDK 17" "${taskfn_call[@]}" "$jdk17/bin/java" "${opts[@]}" -jar "$jar"
train "${taskfn_call[@]}" "$jdk17/bin/java" -XX:ArchiveClassesAtExit="$work/taskfn-17.jsa" "${opts[@]}" -jar "$jar"
measure "taskfn, JDK 17, AppCDS" "${taskfn_call[@]}" "$jdk17/bin/java" -XX:SharedArchiveFile="$work/taskfn-17.jsa" "${opts[@]}" -jar "$jar"
measure "taskfn, Temurin 25" "${taskfn_call[@]}" "$jdk25/bin/java" "${opts[@]}" -jar "$jar"
train "${taskfn_call[@]}" "$jdk25/bin/java" -XX:AOTCacheOutput="$work/taskfn-25.aot" "${opts[@]}" -jar "$jar"
measure "taskfn, Temurin 25, AOT cache" "${taskfn_call[@]}" "$jdk25/bin/java" -XX:AOTCache="$work/taskfn-25.aot" "${opts[@]}" -jar "$jar"
train "${bare_call[@]}" "$jdk25/bin/java" -XX:AOTCacheOutput="$work/bare-25.aot" "${opts[@]}" -jar "$bare"
measure "bare Funqy, Temurin 25, AOT cache" "${bare_call[@]}" "$jdk25/bin/java" -XX:AOTCache="$work/bare-25.aot" "${opts[@]}" -jar "$bare"
ls -la "$work"/*.jsa "$work"/*.aot | awk '{print $5, $9}'
