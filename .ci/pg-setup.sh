#!/bin/sh
# Installs (if needed) and starts a local PostgreSQL server for the store's PostgreSQL tests,
# creates the role and database `sitrep` (password `sitrep`) and prints the connection URL on
# stdout as the last line. Run as root on Debian/Ubuntu. Idempotent: safe to run twice.
#   export SITREP_TEST_PG="$(sh .ci/pg-setup.sh | tail -n 1)"
set -eu
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt-get update -qq >&2
    apt-get install -y -qq postgresql postgresql-contrib >&2
fi
# Debian's package creates a cluster on install; make one if the image removed it.
if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    pg_createcluster "$ver" main >&2
fi
pg_lsclusters -h | while read -r ver name port status rest; do
    if [ "$status" != "online" ]; then
        pg_ctlcluster "$ver" "$name" start >&2
    fi
done
port=$(pg_lsclusters -h | awk 'NR==1 {print $3}')
# Wait for the server to accept connections (start is asynchronous on slow machines).
i=0
until su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 30 ]; then echo "pg-setup: server did not come up" >&2; exit 1; fi
    sleep 1
done
su postgres -c "psql -p $port -qtAc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sitrep') THEN CREATE ROLE sitrep LOGIN PASSWORD 'sitrep' CREATEDB; END IF; END \\\$\\\$;\"" >&2
if ! su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'sitrep'\"" | grep -q 1; then
    su postgres -c "createdb -p $port -O sitrep sitrep" >&2
fi
echo "postgres://sitrep:sitrep@127.0.0.1:$port/sitrep"
