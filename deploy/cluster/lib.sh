# shellcheck shell=bash
# Shared settings and functions of up.sh, down.sh, ctl.sh and drill.sh. Sourced, never run.
#
# Every setting below is an environment variable with a default; every process started is
# recorded as a pid file under $STATE_DIR/run and stopped by down.sh.

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$CLUSTER_DIR/../.." && pwd)"

# ---- where things are --------------------------------------------------------------------------
STATE_DIR="${STATE_DIR:-/tmp/heroes-cluster}"        # data, logs, pid files, rendered configs
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"        # PostgreSQL 15 server binaries
PG_USER="${PG_USER:-postgres}"                        # OS user that runs etcd, Patroni and PostgreSQL
HEROES_JAR="${HEROES_JAR:-$REPO_DIR/target/heroes.jar}"
if [[ -z "${JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; else JAVA=java; fi
fi
JAVA_OPTS="${JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx128m -XX:CICompilerCount=3}"

# ---- ports (all on 127.0.0.1; chosen away from 5432, 8000, 8001 and the ephemeral range) -------
ETCD_CLIENT_PORT="${ETCD_CLIENT_PORT:-15379}"         # etcd clients (Patroni)
ETCD_PEER_PORT="${ETCD_PEER_PORT:-15380}"             # etcd peers (one member: unused but bound)
PG_PORTS=(${PG_PORTS:-15431 15432 15433})             # PostgreSQL of node1, node2, node3
PATRONI_PORTS=(${PATRONI_PORTS:-15481 15482 15483})   # Patroni REST API of node1, node2, node3
PG_WRITE_PORT="${PG_WRITE_PORT:-15400}"               # HAProxy -> the primary (GET /primary = 200)
PG_READ_PORT="${PG_READ_PORT:-15401}"                 # HAProxy -> the standbys (GET /replica = 200)
PGBOUNCER_PORT="${PGBOUNCER_PORT:-15402}"             # PgBouncer (transaction mode) -> HAProxy's write port
HAPROXY_STATS_PORT="${HAPROXY_STATS_PORT:-15404}"     # HAProxy stats page (/stats)
LB_PORT="${LB_PORT:-15000}"                           # HAProxy -> the service instances (HTTP)
APP_PORTS=(${APP_PORTS:-15001 15002})                 # service instance 1, 2: API (PORT)
APP_MGMT_PORTS=(${APP_MGMT_PORTS:-15011 15012})       # service instance 1, 2: health, metrics (MANAGEMENT_PORT)

NODES=(node1 node2 node3)
APPS=(app1 app2)

# ---- replication mode ---------------------------------------------------------------------------
ASYNC="${ASYNC:-0}"                                   # 1: synchronous_mode off

# ---- what the instances connect through ------------------------------------------------------------
POOLER="${POOLER:-pgbouncer}"                         # pgbouncer: writes through PgBouncer; none: HAProxy's write port
READS="${READS:-standbys}"                            # standbys: GET routes read from HAProxy's standby port; primary

# ---- database names and the service's pool ------------------------------------------------------
APP_DB="${APP_DB:-heroes}"
APP_DB_USER="${APP_DB_USER:-heroes}"
DB_POOL_SIZE="${DB_POOL_SIZE:-10}"
DB_MAX_OVERFLOW="${DB_MAX_OVERFLOW:-10}"
SHUTDOWN_GRACE="${SHUTDOWN_GRACE:-10}"

RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/log"
CONF_DIR="$STATE_DIR/conf"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---- processes ------------------------------------------------------------------------------------
# alive PID: the process exists and is not a zombie (a killed process whose parent, once the
# script that started it has exited, has not reaped it yet still answers kill -0).
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "${stat##*) }" != Z* ]]
}

# pid_of NAME: the pid recorded for NAME if that process is alive, else nothing (and status 1).
pid_of() {
  local f="$RUN_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" ]] && alive "$pid" || return 1
  echo "$pid"
}

# start_bg NAME LOGFILE USER CMD...: starts CMD in a session of its own (so it outlives this
# script and no terminal signal reaches it), as USER, output appended to LOGFILE; records its pid.
start_bg() {
  local name="$1" logfile="$2" user="$3"; shift 3
  if [[ "$user" == root ]]; then
    setsid "$@" >>"$logfile" 2>&1 </dev/null &
  else
    setsid setpriv --reuid="$user" --regid="$user" --init-groups --reset-env -- \
      env PATH=/usr/local/bin:/usr/bin:/bin HOME="$STATE_DIR" "$@" >>"$logfile" 2>&1 </dev/null &
  fi
  echo $! >"$RUN_DIR/$name.pid"
  log "started $name (pid $!), log $logfile"
}

# stop_pid NAME [SIGNAL] [SECONDS]: signals the recorded process and waits until it is gone
# (SIGKILL after SECONDS). Removes the pid file.
stop_pid() {
  local name="$1" sig="${2:-TERM}" secs="${3:-30}" pid i
  if pid="$(pid_of "$name")"; then
    kill -CONT "$pid" 2>/dev/null || true
    kill -"$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < secs * 10; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then log "$name (pid $pid) still there after ${secs}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# wait_for SECONDS WHAT CMD...: runs CMD every half second until it succeeds.
wait_for() {
  local secs="$1" what="$2" i; shift 2
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "$what: not there after ${secs}s (logs: $LOG_DIR)"
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

# ---- secrets ------------------------------------------------------------------------------------
# Passwords are made once per state directory (or taken from the environment) and kept in
# $STATE_DIR/secrets.env (mode 600).
load_secrets() {
  local f="$STATE_DIR/secrets.env"
  if [[ ! -f "$f" ]]; then
    umask 077
    {
      echo "PG_SUPERUSER_PASSWORD=${PG_SUPERUSER_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
      echo "PG_REPLICATION_PASSWORD=${PG_REPLICATION_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
      echo "PG_REWIND_PASSWORD=${PG_REWIND_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
      echo "APP_DB_PASSWORD=${APP_DB_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
    } >"$f"
    umask 022
  fi
  # shellcheck disable=SC1090
  source "$f"
}

# psql as the superuser through HAProxy's write port (so: on the current primary).
psql_primary() {
  PGPASSWORD="$PG_SUPERUSER_PASSWORD" PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$PG_WRITE_PORT" -U postgres \
    -v ON_ERROR_STOP=1 -X -q -At "$@"
}

# app_database_url [PORT]: the service's database through PORT (default: HAProxy's write port).
app_database_url() {
  echo "postgresql://$APP_DB_USER:$APP_DB_PASSWORD@127.0.0.1:${1:-$PG_WRITE_PORT}/$APP_DB"
}

patroni_conf() { echo "$CONF_DIR/$1.yml"; }

# patroni_cluster_json: GET /cluster from the first Patroni REST API that answers.
patroni_cluster_json() {
  local p
  for p in "${PATRONI_PORTS[@]}"; do
    if curl -fsS -m 2 "http://127.0.0.1:$p/cluster" 2>/dev/null; then return 0; fi
  done
  return 1
}

# ---- components that the drill stops and starts again ------------------------------------------------
# start_node INDEX (0..2): Patroni (which starts its PostgreSQL) for node INDEX, with the config
# that up.sh rendered.
start_node() {
  local name="${NODES[$1]}"
  pid_of "$name" >/dev/null && return 0
  start_bg "$name" "$LOG_DIR/$name.log" "$PG_USER" /usr/bin/patroni "$(patroni_conf "$name")"
}

# postmaster_pid INDEX: the pid of node INDEX's postmaster (from its postmaster.pid), if alive.
postmaster_pid() {
  local f="$STATE_DIR/${NODES[$1]}/data/postmaster.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(head -1 "$f")"
  [[ -n "$pid" ]] && alive "$pid" && grep -qa -- "$STATE_DIR/${NODES[$1]}/data" "/proc/$pid/cmdline" || return 1
  echo "$pid"
}

# start_app INDEX (0..1): service instance INDEX: writes through PgBouncer (POOLER=pgbouncer) or
# HAProxy's write port, reads from HAProxy's standby port (READS=standbys) or the primary.
start_app() {
  local i="$1" name="${APPS[$1]}" through=()
  pid_of "$name" >/dev/null && return 0
  if [[ "$POOLER" == pgbouncer ]]; then
    through+=(DATABASE_URL="$(app_database_url "$PGBOUNCER_PORT")" DB_POOLER=transaction)
  else
    through+=(DATABASE_URL="$(app_database_url)")
  fi
  [[ "$READS" == standbys ]] && through+=(DATABASE_READ_URL="$(app_database_url "$PG_READ_PORT")")
  # shellcheck disable=SC2086
  start_bg "$name" "$LOG_DIR/$name.log" root env \
    "${through[@]}" HOST=127.0.0.1 PORT="${APP_PORTS[$i]}" \
    MANAGEMENT_HOST=127.0.0.1 MANAGEMENT_PORT="${APP_MGMT_PORTS[$i]}" \
    DB_POOL_SIZE="$DB_POOL_SIZE" DB_MAX_OVERFLOW="$DB_MAX_OVERFLOW" SHUTDOWN_GRACE="$SHUTDOWN_GRACE" \
    "$JAVA" $JAVA_OPTS -jar "$HEROES_JAR"
}
app_ready() { curl -fsS -m 2 "http://127.0.0.1:${APP_MGMT_PORTS[$1]}/observe/health/ready"; }
# app_in_lb INDEX: HAProxy's checks have taken instance INDEX into the API's backend (UP): only then
# may a rolling restart stop the next instance.
app_in_lb() {
  curl -fsS -m 2 "http://127.0.0.1:$HAPROXY_STATS_PORT/stats;csv" |
    awk -F, -v name="${APPS[$1]}" '$1 == "heroes" && $2 == name && $18 == "UP" { up = 1 } END { exit !up }'
}
