#!/bin/bash
# The entry point of postgres.Containerfile: on first start (an empty PGDATA) makes the cluster as
# the official postgres image does for POSTGRES_USER, POSTGRES_PASSWORD(_FILE) and POSTGRES_DB, then
# runs the command (postgres) in its place.
set -euo pipefail

if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
  POSTGRES_PASSWORD="$(<"$POSTGRES_PASSWORD_FILE")"
fi
user="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$user}"

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE)" >&2
    exit 1
  fi
  password_file="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$database" != postgres ]; then
    # single-user mode: no server listens while the cluster is made
    printf 'CREATE DATABASE "%s" OWNER "%s";\n' "${database//\"/\"\"}" "${user//\"/\"\"}" |
      postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "postgres-entrypoint: made the cluster in $PGDATA for user $user, database $database"
fi

exec "$@"
