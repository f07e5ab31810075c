#!/usr/bin/env bash
# Installs Debian's PostgreSQL if needed, starts a private cluster for the tests
# on a free port, and exports KEYWORKER_TEST_POSTGRES_URL. Sourced by .ci/run,
# which stops the cluster (keyworker_stop_postgres) when it exits.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DATA=$(mktemp -d /tmp/keyworker-ci-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# initdb refuses to run as root: the cluster belongs to the postgres user.
as_postgres=()
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_DATA"
    as_postgres=(runuser -u postgres --)
fi
"${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust >/dev/null
"${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_DATA/server.log" \
    -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off" start
export KEYWORKER_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL for tests: $KEYWORKER_TEST_POSTGRES_URL"

keyworker_stop_postgres() {
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
}
