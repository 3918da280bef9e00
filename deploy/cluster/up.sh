#!/usr/bin/env bash
# Starts the whole cluster on this machine: etcd, three PostgreSQL 15 nodes under Patroni, HAProxy
# (PostgreSQL routing + the service's load balancer), and two service instances. Idempotent: what
# already runs (by its pid file) is kept. ASYNC=1: asynchronous replication. See README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $EUID -eq 0 ]] || die "run as root (it installs packages and runs the database as $PG_USER)"

# ---- 1. packages ---------------------------------------------------------------------------------
need=()
for pkg in etcd-server etcd-client patroni haproxy pgbouncer postgresql-15 postgresql-client-15 curl python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
id "$PG_USER" >/dev/null 2>&1 || die "no OS user $PG_USER"

# ---- 2. the service's jar --------------------------------------------------------------------------
if [[ ! -f "$HEROES_JAR" ]]; then
  [[ "$HEROES_JAR" == "$REPO_DIR/target/heroes.jar" ]] || die "HEROES_JAR=$HEROES_JAR does not exist"
  log "building $HEROES_JAR"
  jdk="$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")"
  (cd "$REPO_DIR" && JAVA_HOME="$jdk" ./mvnw -q -B package -DskipTests -Dheroes.aot.skip)
fi

# ---- 3. state directory and ports ---------------------------------------------------------------
mkdir -p "$RUN_DIR" "$LOG_DIR" "$CONF_DIR"
chmod 755 "$STATE_DIR"
load_secrets
wanted_sync=true; [[ "$ASYNC" == 1 ]] && wanted_sync=false

check_port() { # NAME-OF-PROCESS PORT VARIABLE
  pid_of "$1" >/dev/null && return 0
  port_free "$2" || die "port $2 ($3) is taken by another process: set $3 to a free port"
}
check_port etcd "$ETCD_CLIENT_PORT" ETCD_CLIENT_PORT
check_port etcd "$ETCD_PEER_PORT" ETCD_PEER_PORT
for i in 0 1 2; do
  check_port "${NODES[$i]}" "${PG_PORTS[$i]}" PG_PORTS
  check_port "${NODES[$i]}" "${PATRONI_PORTS[$i]}" PATRONI_PORTS
done
for p in "$PG_WRITE_PORT:PG_WRITE_PORT" "$PG_READ_PORT:PG_READ_PORT" "$HAPROXY_STATS_PORT:HAPROXY_STATS_PORT" "$LB_PORT:LB_PORT"; do
  check_port haproxy "${p%%:*}" "${p#*:}"
done
check_port pgbouncer "$PGBOUNCER_PORT" PGBOUNCER_PORT
for i in 0 1; do
  check_port "${APPS[$i]}" "${APP_PORTS[$i]}" APP_PORTS
  check_port "${APPS[$i]}" "${APP_MGMT_PORTS[$i]}" APP_MGMT_PORTS
done

# ---- 4. etcd (one member) -------------------------------------------------------------------------
if ! pid_of etcd >/dev/null; then
  install -d -o "$PG_USER" -g "$PG_USER" -m 700 "$STATE_DIR/etcd"
  start_bg etcd "$LOG_DIR/etcd.log" "$PG_USER" /usr/bin/etcd --name etcd1 \
    --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "etcd1=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
    --enable-v2=true
fi
wait_for 30 "etcd" env ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_CLIENT_PORT" endpoint health

# ---- 5. PostgreSQL under Patroni, three nodes -------------------------------------------------------
for i in 0 1 2; do
  node="${NODES[$i]}"
  node_dir="$STATE_DIR/$node"
  install -d -o "$PG_USER" -g "$PG_USER" -m 700 "$node_dir"
  conf="$(patroni_conf "$node")"
  sed -e "s|@NAME@|$node|g" -e "s|@REST_PORT@|${PATRONI_PORTS[$i]}|g" -e "s|@PG_PORT@|${PG_PORTS[$i]}|g" \
      -e "s|@ETCD_CLIENT_PORT@|$ETCD_CLIENT_PORT|g" -e "s|@SYNC@|$wanted_sync|g" \
      -e "s|@DATA_DIR@|$node_dir/data|g" -e "s|@NODE_DIR@|$node_dir|g" -e "s|@PG_BIN@|$PG_BIN|g" \
      -e "s|@PG_SUPERUSER_PASSWORD@|$PG_SUPERUSER_PASSWORD|g" \
      -e "s|@PG_REPLICATION_PASSWORD@|$PG_REPLICATION_PASSWORD|g" \
      -e "s|@PG_REWIND_PASSWORD@|$PG_REWIND_PASSWORD|g" \
      "$CLUSTER_DIR/patroni.yml.in" >"$conf"
  chown "$PG_USER:$PG_USER" "$conf"; chmod 600 "$conf"
  start_node "$i"
  # the first node gets a head start, so that it is the one that bootstraps the cluster
  if ((i == 0)); then wait_for 120 "$node's Patroni REST API" curl -fsS -m 2 "http://127.0.0.1:${PATRONI_PORTS[0]}/health"; fi
done

# cluster_ready SYNC: a leader, two running standbys, and (SYNC=true) a synchronous one, (false) none.
cluster_ready() {
  patroni_cluster_json | python3 -c '
import json, sys
members = json.load(sys.stdin)["members"]
leaders = [m for m in members if m["role"] == "leader" and m["state"] == "running"]
standbys = [m for m in members if m["role"] in ("replica", "sync_standby") and m["state"] in ("running", "streaming")]
sync = [m for m in standbys if m["role"] == "sync_standby"]
ok = len(leaders) == 1 and len(standbys) == 2 and (sys.argv[1] == "any" or (len(sync) >= 1) == (sys.argv[1] == "true"))
sys.exit(0 if ok else 1)' "$1"
}
wait_for 180 "a Patroni leader and two standbys" cluster_ready any

# The replication mode lives in etcd (bootstrap.dcs applies only to a new cluster): set it.
/usr/bin/patronictl -c "$(patroni_conf node1)" edit-config --force --quiet \
  -s "synchronous_mode=$wanted_sync" -s "synchronous_mode_strict=$wanted_sync" -s "failsafe_mode=true" >/dev/null
wait_for 120 "a Patroni leader and two standbys (synchronous_mode=$wanted_sync)" cluster_ready "$wanted_sync"
echo "$wanted_sync" >"$STATE_DIR/synchronous_mode"

# ---- 6. HAProxy ------------------------------------------------------------------------------------
servers_write="" servers_read="" servers_app=""
for i in 0 1 2; do
  servers_write+="    server ${NODES[$i]} 127.0.0.1:${PG_PORTS[$i]} check port ${PATRONI_PORTS[$i]}"$'\n'
  servers_read+="    server ${NODES[$i]} 127.0.0.1:${PG_PORTS[$i]} check port ${PATRONI_PORTS[$i]}"$'\n'
done
for i in 0 1; do
  servers_app+="    server ${APPS[$i]} 127.0.0.1:${APP_PORTS[$i]} check port ${APP_MGMT_PORTS[$i]}"$'\n'
done
for i in 0 1; do
  servers_app+="    server ${APPS[$i]}-unready 127.0.0.1:${APP_PORTS[$i]} backup"$'\n'
done
CLUSTER_DIR="$CLUSTER_DIR" RUN_DIR="$RUN_DIR" PG_WRITE_PORT="$PG_WRITE_PORT" PG_READ_PORT="$PG_READ_PORT" LB_PORT="$LB_PORT" \
HAPROXY_STATS_PORT="$HAPROXY_STATS_PORT" PG_WRITE_SERVERS="$servers_write" PG_READ_SERVERS="$servers_read" \
APP_SERVERS="$servers_app" python3 -c '
import os, re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"@([A-Z_]+)@", lambda m: os.environ[m.group(1)].rstrip("\n"), text)
open(sys.argv[2], "w").write(text)' "$CLUSTER_DIR/haproxy.cfg.in" "$CONF_DIR/haproxy.cfg.new"
haproxy -c -q -f "$CONF_DIR/haproxy.cfg.new" || die "haproxy.cfg does not check ($CONF_DIR/haproxy.cfg.new)"
if pid_of haproxy >/dev/null && ! cmp -s "$CONF_DIR/haproxy.cfg.new" "$CONF_DIR/haproxy.cfg"; then
  log "haproxy.cfg changed: restarting HAProxy"
  stop_pid haproxy TERM 10
fi
mv "$CONF_DIR/haproxy.cfg.new" "$CONF_DIR/haproxy.cfg"
pid_of haproxy >/dev/null || start_bg haproxy "$LOG_DIR/haproxy.log" root /usr/sbin/haproxy -db -f "$CONF_DIR/haproxy.cfg"
# HAProxy takes every server for up until its first checks: wait until they have run and the write
# port leads to exactly one server, and that one is a primary.
write_port_ready() {
  local up
  up="$(curl -fsS -m 2 "http://127.0.0.1:$HAPROXY_STATS_PORT/stats;csv" | awk -F, '$1 == "pg_write" && $2 != "FRONTEND" && $2 != "BACKEND" && $18 == "UP"' | wc -l)"
  [[ "$up" == 1 && "$(psql_primary -c 'select pg_is_in_recovery()')" == f ]]
}
sleep 2
wait_for 60 "the primary through HAProxy (port $PG_WRITE_PORT)" write_port_ready

# ---- 7. the service's database, then its schema (once) ---------------------------------------------
psql_primary -v user="$APP_DB_USER" -v pass="$APP_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'user', :'pass')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'user', :'pass') \gexec
SQL
if [[ -z "$(psql_primary -c "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")" ]]; then
  psql_primary -c "CREATE DATABASE \"$APP_DB\" OWNER \"$APP_DB_USER\""
fi
# Through PgBouncer in transaction mode the service sends no settings at connection start: the
# statement timeout is the role's.
psql_primary -c "ALTER ROLE \"$APP_DB_USER\" SET statement_timeout = '5s'"
# Migrations go straight to the primary, never through PgBouncer (Flyway's session lock).
log "migrating $APP_DB (heroes migrate)"
DATABASE_URL="$(app_database_url)" "$JAVA" $JAVA_OPTS -jar "$HEROES_JAR" migrate >>"$LOG_DIR/migrate.log" 2>&1 \
  || die "heroes migrate failed: $LOG_DIR/migrate.log"

# ---- 7b. PgBouncer in transaction mode, in front of HAProxy's write port ----------------------------
if [[ "$POOLER" == pgbouncer ]] && ! pid_of pgbouncer >/dev/null; then
  install -d -o "$PG_USER" -g "$PG_USER" -m 700 "$STATE_DIR/pgbouncer"
  # SCRAM both ways: PgBouncer keeps the password to log in to PostgreSQL as the client did.
  printf '"%s" "%s"\n' "$APP_DB_USER" "$APP_DB_PASSWORD" >"$STATE_DIR/pgbouncer/userlist.txt"
  cat >"$STATE_DIR/pgbouncer/pgbouncer.ini" <<INI
[databases]
$APP_DB = host=127.0.0.1 port=$PG_WRITE_PORT dbname=$APP_DB

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $STATE_DIR/pgbouncer/userlist.txt
pool_mode = transaction
; pgjdbc sends it at start-up; PgBouncer would refuse the connection
ignore_startup_parameters = extra_float_digits
; transaction mode leaves nothing to reset
server_reset_query =
; both instances' pools (2 x 20) in front of at most this many server connections
max_client_conn = 200
default_pool_size = 20
; a failover: server connections to the old primary are dropped at once, and a new one is tried
server_connect_timeout = 3
server_login_retry = 1
INI
  chown -R "$PG_USER:$PG_USER" "$STATE_DIR/pgbouncer"
  chmod 600 "$STATE_DIR/pgbouncer/userlist.txt"
  start_bg pgbouncer "$LOG_DIR/pgbouncer.log" "$PG_USER" /usr/sbin/pgbouncer "$STATE_DIR/pgbouncer/pgbouncer.ini"
  wait_for 20 "PgBouncer (port $PGBOUNCER_PORT)" bash -c "exec 3<>/dev/tcp/127.0.0.1/$PGBOUNCER_PORT"
fi

# ---- 8. two service instances ----------------------------------------------------------------------
for i in 0 1; do start_app "$i"; done
for i in 0 1; do wait_for 90 "${APPS[$i]} ready" app_ready "$i"; done

# ---- 9. a write through the load balancer ----------------------------------------------------------
lb_write() {
  curl -fsS -m 5 -X POST "http://127.0.0.1:$LB_PORT/heroes/" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: up-$(date -u +%Y%m%dT%H%M%SZ)" -d '{"name":"up.sh check","secret_name":"-"}'
}
wait_for 60 "a write through the load balancer (port $LB_PORT)" lb_write

leader="$(patroni_cluster_json | python3 -c 'import json,sys; print(next(m["name"] for m in json.load(sys.stdin)["members"] if m["role"]=="leader"))')"
cat <<TXT

heroes cluster is up (state: $STATE_DIR, synchronous_mode: $wanted_sync, leader: $leader)
  load balancer (the API)       http://127.0.0.1:$LB_PORT/heroes/
  service instances (API)       app1 http://127.0.0.1:${APP_PORTS[0]}  app2 http://127.0.0.1:${APP_PORTS[1]}
  service instances (health)    app1 http://127.0.0.1:${APP_MGMT_PORTS[0]}/observe/health/ready  app2 http://127.0.0.1:${APP_MGMT_PORTS[1]}/observe/health/ready
  PostgreSQL, primary (HAProxy) 127.0.0.1:$PG_WRITE_PORT   standbys (HAProxy) 127.0.0.1:$PG_READ_PORT
  PgBouncer (transaction mode)  127.0.0.1:$PGBOUNCER_PORT (instances write through it: POOLER=$POOLER; reads: READS=$READS)
  PostgreSQL nodes              node1 127.0.0.1:${PG_PORTS[0]}  node2 127.0.0.1:${PG_PORTS[1]}  node3 127.0.0.1:${PG_PORTS[2]}
  Patroni REST API              node1 http://127.0.0.1:${PATRONI_PORTS[0]}  node2 http://127.0.0.1:${PATRONI_PORTS[1]}  node3 http://127.0.0.1:${PATRONI_PORTS[2]}
  etcd                          http://127.0.0.1:$ETCD_CLIENT_PORT (peer port $ETCD_PEER_PORT)
  HAProxy stats                 http://127.0.0.1:$HAPROXY_STATS_PORT/stats
  passwords                     $STATE_DIR/secrets.env
  cluster state                 patronictl -c $CONF_DIR/node1.yml list
  stop and remove everything    bash $CLUSTER_DIR/down.sh
TXT
