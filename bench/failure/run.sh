#!/usr/bin/env bash
# The service when things go wrong, measured: its own PostgreSQL (Debian's package), the built jar
# on it with its default settings, then one of
#   outage    stop PostgreSQL, time 20 requests; start it again, time to the first 200
#   overload  wrk, 1,000 connections for 20 s on ten hot heroes (GET 50%, PATCH 25%, POST 25%),
#             answers slower than 5 s counted as timeouts
#
#   bash bench/failure/run.sh outage   [path/to/heroes.jar]
#   bash bench/failure/run.sh overload [path/to/heroes.jar]
#
# The jar defaults to target/heroes.jar (./mvnw -q package -DskipTests); pass a baseline's jar
# (target/bench-baseline/<commit>/target/heroes.jar, built by BASELINE=... bash bench/run.sh) to
# compare. Needs root (PostgreSQL runs as the postgres user), wrk and PostgreSQL's server binaries.
set -euo pipefail
mode=${1:?usage: run.sh outage|overload [heroes.jar]}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar=$(realpath "${2:-$here/../../target/heroes.jar}")
java="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25-jdk-* | head -n 1)}/bin/java"
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pg_port=$((port + 1))
tmp=$(mktemp -d); chown postgres "$tmp"
as_postgres() { su postgres -c "$*"; }
cleanup() {
    [ -n "${service:-}" ] && kill "$service" 2>/dev/null && wait "$service" 2>/dev/null
    as_postgres "$pg_bin/pg_ctl -D $tmp/data -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
pg_start() { as_postgres "$pg_bin/pg_ctl -D $tmp/data -o '-p $pg_port -k /tmp' -l $tmp/pg.log -w start" >/dev/null; }
as_postgres "$pg_bin/initdb -D $tmp/data -U postgres --auth=trust" >/dev/null
pg_start
cd "$(dirname "$jar")/.."
DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres" PORT=$port \
    "$java" -XX:+UseSerialGC -Xms32m -Xmx128m -jar "$jar" > "$tmp/service.log" 2>&1 &
service=$!
for _ in $(seq 100); do curl -s -o /dev/null "localhost:$port/heroes/" && break; sleep 0.1; done
for _ in $(seq 10); do
    curl -s -o /dev/null -X POST "localhost:$port/heroes/" -H 'Content-Type: application/json' \
        -d '{"name": "Hot", "secret_name": "s"}'
done
case "$mode" in
    outage)
        as_postgres "$pg_bin/pg_ctl -D $tmp/data -m fast -w stop" >/dev/null
        echo "while PostgreSQL is stopped (status, seconds):"
        for _ in $(seq 20); do curl -s -o /dev/null -w "  %{http_code} %{time_total}\n" "localhost:$port/heroes/1"; done
        pg_start
        started=$(date +%s%N)
        until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/heroes/1")" = 200 ]; do sleep 0.01; done
        echo "first 200 $(( ($(date +%s%N) - started) / 1000000 )) ms after pg_ctl start returned"
        ;;
    overload)
        wrk -t2 -c1000 -d20s --timeout 5s -s "$here/hot-rows.lua" "http://127.0.0.1:$port" \
            | grep -E "requests|p50|Requests/sec|Non-2xx|Socket errors"
        ;;
    *) echo "usage: run.sh outage|overload [heroes.jar]" >&2; exit 2 ;;
esac
echo "service log, warnings:"; grep -E "WARN|SEVERE" "$tmp/service.log" | cut -c1-200 | head -5 || true
