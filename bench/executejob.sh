#!/usr/bin/env bash
# ExecuteJob requests/second and latency percentiles over HTTP on the embedded store; the
# dispatcher runs every instance created meanwhile. Usage: bench/executejob.sh [THREADS] [SECONDS]
exec "$(dirname "$0")/http-load.sh" executejob "$@"
