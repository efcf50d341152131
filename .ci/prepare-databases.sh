#!/usr/bin/env bash
# Makes sure the databases Tidepool's integration tests use are installed, running and set up:
#   PostgreSQL on 127.0.0.1:5432 with database "test", trust for local test users, and a role
#     tidepool_pw (password tidepool_pw_secret) that must authenticate with a password;
#   MariaDB on 127.0.0.1:3306 with database "test" and root allowed in with an empty password.
# Installs them from Debian's packages when missing. Run as root; safe to run again.
# These settings are for a test machine: do not point this script at a server you care about.
set -euo pipefail

WAIT_SECONDS=60
PG_ROLE=tidepool_pw
PG_ROLE_PASSWORD=tidepool_pw_secret
PG_ROLE_HBA_LINE="host all $PG_ROLE 127.0.0.1/32 scram-sha-256"

say() { echo "prepare-databases: $*"; }
die() { echo "prepare-databases: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (it may install packages and start servers)"

apt_updated=no
apt_install() {
    if [[ $apt_updated == no ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        apt_updated=yes
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# wait_for DESCRIPTION COMMAND...: polls COMMAND every second for up to WAIT_SECONDS.
wait_for() {
    local what=$1; shift
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    die "$what did not become ready within ${WAIT_SECONDS}s"
}

# ---- PostgreSQL -------------------------------------------------------------------------------
pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432; }
pg_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if ! pg_ready; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
        say "PostgreSQL is not installed: installing it from Debian's packages"
        apt_install postgresql
    fi
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    say "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for "PostgreSQL on 127.0.0.1:5432" pg_ready
fi
say "PostgreSQL is accepting connections on 127.0.0.1:5432"

hba=$(pg_admin -Atc 'show hba_file')
[[ -f $hba ]] || die "PostgreSQL reports hba_file '$hba', which does not exist"
hba_changed=no
# pg_hba.conf is read top-down and the first matching line wins, so the password line for the
# test role goes before every other rule. A fresh Debian install asks everyone for a password on
# 127.0.0.1, while the tests connect as postgres without one: then trust lines follow ours.
first_rule() { grep -Ev '^[[:space:]]*(#|$)' "$hba" | head -n 1; }
has_local_trust() { grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; }
if [[ $(first_rule) != "$PG_ROLE_HBA_LINE" ]] || ! has_local_trust; then
    comment="# Tidepool tests: this role must authenticate with a password"
    block="$comment"$'\n'"$PG_ROLE_HBA_LINE"
    if ! has_local_trust; then
        block+=$'\n'"# Tidepool tests: other users connect from 127.0.0.1 without a password"
        block+=$'\n'"host all all 127.0.0.1/32 trust"$'\n'"host all all ::1/128 trust"
        say "adding trust for 127.0.0.1 and ::1 to $hba"
    fi
    grep -vxF -e "$PG_ROLE_HBA_LINE" -e "$comment" "$hba" | awk -v block="$block" '
        !done && $0 !~ /^[[:space:]]*(#|$)/ { print block; done = 1 }
        { print }
        END { if (!done) print block }' > "$hba.tidepool"
    cat "$hba.tidepool" > "$hba" && rm -f "$hba.tidepool"
    hba_changed=yes
    say "put '$PG_ROLE_HBA_LINE' first in $hba"
fi
if [[ $hba_changed == yes ]]; then
    pg_admin -c 'select pg_reload_conf()' >/dev/null
fi

pg_admin <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
        CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_ROLE_PASSWORD';
    ELSE
        ALTER ROLE $PG_ROLE LOGIN PASSWORD '$PG_ROLE_PASSWORD';
    END IF;
END
\$\$;
SQL
for db in test; do
    if [[ -z $(pg_admin -Atc "select 1 from pg_database where datname = '$db'") ]]; then
        runuser -u postgres -- createdb "$db"
        say "created PostgreSQL database $db"
    fi
done
pg_admin -d test -c "GRANT ALL ON SCHEMA public TO $PG_ROLE"

# The password line must be in force: the right password gets in, a wrong one does not.
wait_for "PostgreSQL login as $PG_ROLE with its password" \
    env PGPASSWORD="$PG_ROLE_PASSWORD" psql -X -h 127.0.0.1 -U "$PG_ROLE" -d test -Atc 'select 1'
if PGPASSWORD=wrong-password psql -X -h 127.0.0.1 -U "$PG_ROLE" -d test -Atc 'select 1' >/dev/null 2>&1; then
    die "$PG_ROLE got in with a wrong password: check $hba"
fi
psql -X -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null \
    || die "postgres cannot connect to 127.0.0.1 without a password: check $hba"
say "PostgreSQL ready: database test, role $PG_ROLE needs its password"

# ---- MariaDB ----------------------------------------------------------------------------------
maria_alive() { mariadb-admin -uroot -h127.0.0.1 --connect-timeout=2 ping; }

if ! maria_alive >/dev/null 2>&1; then
    if [[ ! -x /usr/sbin/mariadbd ]]; then
        say "MariaDB is not installed: installing it from Debian's packages"
        apt_install mariadb-server
    fi
    if ! maria_alive >/dev/null 2>&1; then
        say "starting MariaDB"
        install -d -o mysql -g mysql /run/mysqld
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    fi
    wait_for "MariaDB on 127.0.0.1:3306" maria_alive
fi
say "MariaDB is answering on 127.0.0.1:3306"

# Over the socket, root is let in as the system's root (unix_socket) or with its empty password.
maria_admin() { mariadb -uroot "$@"; }
maria_admin -e "CREATE DATABASE IF NOT EXISTS test"
if ! mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
    say "letting root in over TCP with an empty password (a fresh install allows only the socket)"
    maria_admin -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
        CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
        GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
fi
mariadb -uroot -h127.0.0.1 -D test -e 'select 1' >/dev/null || die "root cannot connect to MariaDB on 127.0.0.1"
say "MariaDB ready: database test"
