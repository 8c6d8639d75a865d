#!/usr/bin/env bash
# Builds the native executable and runs the integration tests (*IT, @QuarkusIntegrationTest)
# against it. Needs GraalVM or Mandrel's native-image on the PATH (or GRAALVM_HOME set); none
# can be installed on the project's CI machines, so there .ci/run only checks that the native
# build steps succeed (-Dquarkus.native.sources-only=true).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v native-image >/dev/null 2>&1 && [ -z "${GRAALVM_HOME:-}" ]; then
  echo "native/build.sh: no native-image on the PATH and no GRAALVM_HOME: install GraalVM or Mandrel (JDK 17+)" >&2
  exit 1
fi

# Unit tests run on the JVM as usual; failsafe then runs the *IT tests against the executable.
./mvnw -B verify -Dquarkus.native.enabled=true "$@"

echo "native executable: target/taskfn-0.1.0-SNAPSHOT-runner (Lambda bundle: target/function.zip)"
