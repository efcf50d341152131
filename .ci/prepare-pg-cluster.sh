#!/usr/bin/env bash
# A primary/replica pair of PostgreSQL 15 clusters for the cluster tests (issue 12), next to and
# never touching the main cluster on 5432:
#   tp_primary on 127.0.0.1:5433, and tp_replica on 127.0.0.1:5434, a streaming replica made with
#   pg_basebackup -R from it. Both trust every login from 127.0.0.1 (test machine only).
#
#   prepare-pg-cluster.sh [create]   drops any old pair, creates and starts a fresh one (~5 s)
#   prepare-pg-cluster.sh drop       stops and removes both clusters
#
# The failover test calls "create" before and "drop" after it (a promoted replica needs a fresh
# pair), so running it again is always safe. Run as root. Every wait is bounded.
set -euo pipefail

VERSION=15
PRIMARY=tp_primary
REPLICA=tp_replica
PRIMARY_PORT=5433
REPLICA_PORT=5434
WAIT_SECONDS=60

say() { echo "prepare-pg-cluster: $*"; }
die() { echo "prepare-pg-cluster: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (it creates PostgreSQL clusters)"
command -v pg_createcluster >/dev/null || die "pg_createcluster is missing: apt-get install postgresql-common postgresql-$VERSION"
[[ -x /usr/lib/postgresql/$VERSION/bin/pg_basebackup ]] || die "PostgreSQL $VERSION is not installed: apt-get install postgresql-$VERSION"

exists() { [[ -d /etc/postgresql/$VERSION/$1 ]]; }

drop_one() {
    if exists "$1"; then
        say "dropping cluster $VERSION/$1"
        timeout "$WAIT_SECONDS" pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$1" stop -m immediate >/dev/null 2>&1 || true
        timeout "$WAIT_SECONDS" pg_dropcluster "$VERSION" "$1"
    fi
}

drop_pair() {
    drop_one "$REPLICA"
    drop_one "$PRIMARY"
}

# Small, fast, throwaway: the clusters hold no data worth an fsync.
configure() {
    local name=$1
    cat >"/etc/postgresql/$VERSION/$name/conf.d/tp-cluster.conf" <<EOF
listen_addresses = '127.0.0.1'
shared_buffers = 16MB
max_connections = 40
max_wal_senders = 4
wal_level = replica
hot_standby = on
fsync = off
synchronous_commit = off
full_page_writes = off
wal_sender_timeout = 5s
wal_receiver_status_interval = 1s
EOF
    cat >"/etc/postgresql/$VERSION/$name/pg_hba.conf" <<EOF
local all all trust
local replication all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
EOF
}

start() {
    timeout "$WAIT_SECONDS" pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$1" start
}

wait_for() {
    local what=$1; shift
    for ((i = 0; i < WAIT_SECONDS * 5; i++)); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    die "$what did not happen within ${WAIT_SECONDS}s"
}

streaming() {
    [[ $(runuser -u postgres -- psql -X -Atq -h 127.0.0.1 -p "$PRIMARY_PORT" -d postgres \
        -c "select count(*) from pg_stat_replication where state = 'streaming'") == 1 ]]
}

create_pair() {
    drop_pair
    say "creating $VERSION/$PRIMARY on port $PRIMARY_PORT"
    pg_createcluster --start-conf=manual -p "$PRIMARY_PORT" "$VERSION" "$PRIMARY" >/dev/null
    configure "$PRIMARY"
    start "$PRIMARY"
    wait_for "$PRIMARY accepting connections" pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT"

    say "creating $VERSION/$REPLICA on port $REPLICA_PORT (pg_basebackup -R from $PRIMARY)"
    pg_createcluster --start-conf=manual -p "$REPLICA_PORT" "$VERSION" "$REPLICA" >/dev/null
    configure "$REPLICA"
    local data=/var/lib/postgresql/$VERSION/$REPLICA
    [[ $data == /var/lib/postgresql/$VERSION/tp_* ]] || die "unexpected data directory $data"
    find "$data" -mindepth 1 -delete # pg_basebackup fills an empty directory owned by postgres
    timeout "$WAIT_SECONDS" runuser -u postgres -- /usr/lib/postgresql/$VERSION/bin/pg_basebackup \
        -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast
    start "$REPLICA"
    wait_for "$REPLICA accepting connections" pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT"
    wait_for "$REPLICA streaming from $PRIMARY" streaming
    say "ready: primary 127.0.0.1:$PRIMARY_PORT, streaming replica 127.0.0.1:$REPLICA_PORT"
}

case "${1:-create}" in
    create) create_pair ;;
    drop) drop_pair; say "dropped" ;;
    *) die "usage: $0 [create|drop]" ;;
esac
