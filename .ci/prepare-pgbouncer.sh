#!/usr/bin/env bash
# Makes sure the PgBouncer tests can run: Debian's pgbouncer package installed, and on the main
# PostgreSQL (127.0.0.1:5432) a database tp_bouncer owned by a login role tp_bouncer (trust on
# loopback, like the other test roles). The tests start and stop their own pgbouncer processes
# (ports 6442 transaction mode, 6443 session mode) with their own config files: the package's
# own service is not used. Run as root after .ci/prepare-databases.sh; safe to run again.
set -euo pipefail

say() { echo "prepare-pgbouncer: $*"; }
die() { echo "prepare-pgbouncer: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (it may install a package)"

if ! command -v pgbouncer >/dev/null 2>&1 && [[ ! -x /usr/sbin/pgbouncer ]]; then
    say "pgbouncer is not installed: installing it from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer
fi
# The package's own service (port 6432) is not needed by the tests.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pgbouncer 2>/dev/null; then
    systemctl stop pgbouncer || true
fi
say "$(/usr/sbin/pgbouncer --version | head -n 1)"

pg_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -d postgres "$@"; }
pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL is not accepting connections on 127.0.0.1:5432 (run .ci/prepare-databases.sh first)"
if [[ -z $(pg_admin -Atc "select 1 from pg_roles where rolname = 'tp_bouncer'") ]]; then
    pg_admin -c "create role tp_bouncer login"
fi
if [[ -z $(pg_admin -Atc "select 1 from pg_database where datname = 'tp_bouncer'") ]]; then
    pg_admin -c "create database tp_bouncer owner tp_bouncer"
fi
say "database tp_bouncer (owner tp_bouncer) is ready on 127.0.0.1:5432"
