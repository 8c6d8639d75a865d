#!/usr/bin/env bash
# StartSyncExecution of the shared 20-state Pass chain over HTTP on the embedded store.
# Usage: bench/sync-execution.sh [THREADS] [SECONDS]
exec "$(dirname "$0")/http-load.sh" sync "$@"
