#!/usr/bin/env bash
# The faults area's own PostgreSQL cluster (issue 13): 15/tp_soak on 127.0.0.1:5435, so the soak
# can restart a server and the credential-rotation test can require passwords, without touching
# the shared cluster on 5432. postgres logs in without a password (trust); every other role must
# authenticate with scram-sha-256. Idempotent, as root, every wait bounded.
set -euo pipefail

VERSION=15
CLUSTER=tp_soak
PORT=5435

say() { printf 'prepare-soak: %s\n' "$*"; }
die() { printf 'prepare-soak: %s\n' "$*" >&2; exit 1; }

command -v pg_createcluster >/dev/null || die "pg_createcluster not found (postgresql-common): install postgresql-$VERSION"
if ! pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c { found = 1 } END { exit !found }'; then
    say "creating cluster $VERSION/$CLUSTER on port $PORT"
    pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
fi
conf_dir="/etc/postgresql/$VERSION/$CLUSTER"
hba="$conf_dir/pg_hba.conf"
want="host all postgres 127.0.0.1/32 trust"
if ! grep -qxF "$want" "$hba"; then
    say "letting postgres in without a password from 127.0.0.1 ($hba)"
    { echo "$want"; grep -vxF "$want" "$hba"; } > "$hba.tidepool" && cat "$hba.tidepool" > "$hba" && rm -f "$hba.tidepool"
fi
# Small: it only serves one pool at a time.
pg_conftool "$VERSION" "$CLUSTER" set shared_buffers 32MB >/dev/null
pg_conftool "$VERSION" "$CLUSTER" set max_connections 60 >/dev/null

if pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c && $4 == "online" { found = 1 } END { exit !found }'; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" reload
else
    say "starting $VERSION/$CLUSTER"
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start
fi
for _ in $(seq 1 60); do
    if timeout 5 psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        timeout 10 psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc \
            "select 1 from pg_database where datname = 'test'" | grep -q 1 \
            || timeout 10 psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc 'create database test'
        say "PostgreSQL $VERSION/$CLUSTER answers on 127.0.0.1:$PORT"
        exit 0
    fi
    sleep 1
done
die "PostgreSQL $VERSION/$CLUSTER did not answer on 127.0.0.1:$PORT within 60 s"
