#!/usr/bin/env bash
# ExecuteJob requests/second and latency percentiles over HTTP on a shared store: a fresh
# PostgreSQL cluster (Debian's binaries, synchronous commits as shipped) or dynalite (an open
# DynamoDB implementation from npm: its figures say nothing of DynamoDB's own). The in-process
# dispatcher runs every instance created meanwhile, as in bench/executejob.sh.
# Usage: bench/executejob-store.sh postgresql|dynamodb [THREADS] [SECONDS]
# PG_OPTS adds server settings (e.g. "-c synchronous_commit=off"), TASKFN_OPTS JVM options.
set -euo pipefail
cd "$(dirname "$0")/.."
store=$1
threads=${2:-16}
seconds=${3:-20}
db_port=${BENCH_DB_PORT:-8445}
work=$(mktemp -d)
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c" || true; done; rm -rf "$work"' EXIT

case "$store" in
  postgresql)
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    as_pg=()
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$work"; as_pg=(runuser -u postgres --); fi
    "${as_pg[@]}" "$bin/initdb" -D "$work/data" -U taskfn --auth=trust -E UTF8 --no-locale \
      --no-sync > "$work/initdb.log"
    "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
      -o "-p $db_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTS:-}" \
      start > /dev/null
    stop_postgres() { "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop > /dev/null; }
    cleanup+=(stop_postgres)
    export TASKFN_OPTS="-Dtaskfn.store=postgresql -Dquarkus.datasource.active=true \
      -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:$db_port/postgres \
      -Dquarkus.datasource.username=taskfn ${TASKFN_OPTS:-}"
    ;;
  dynamodb)
    home=${DYNALITE_HOME:-$HOME/.cache/taskfn/dynalite-4.0.0}
    [ -f "$home/node_modules/dynalite/cli.js" ] ||
      npm install --no-audit --no-fund --prefix "$home" dynalite@4.0.0 > /dev/null
    node "$home/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$db_port" \
      --createTableMs 0 > "$work/dynalite.log" 2>&1 &
    cleanup+=("kill $!")
    export TASKFN_OPTS="-Dtaskfn.store=dynamodb -Dtaskfn.store.dynamodb.create-table=true \
      -Dquarkus.dynamodb.endpoint-override=http://127.0.0.1:$db_port \
      -Dquarkus.dynamodb.aws.region=us-east-1 -Dquarkus.dynamodb.aws.credentials.type=static \
      -Dquarkus.dynamodb.aws.credentials.static-provider.access-key-id=bench \
      -Dquarkus.dynamodb.aws.credentials.static-provider.secret-access-key=bench ${TASKFN_OPTS:-}"
    ;;
  *)
    echo "usage: $0 postgresql|dynamodb [THREADS] [SECONDS]" >&2
    exit 2
    ;;
esac
BENCH_STORE=$store bench/http-load.sh executejob "$threads" "$seconds"
