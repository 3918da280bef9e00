#!/usr/bin/env bash
# Stops every process that up.sh (or the drill) started, in the reverse order, and removes the
# state directory (data, logs, configs, passwords). KEEP_STATE=1 keeps it (the logs, for a look).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -d "$STATE_DIR" ]] || { log "nothing to stop: $STATE_DIR does not exist"; exit 0; }
mkdir -p "$RUN_DIR"

for name in "${APPS[@]}"; do stop_pid "$name" TERM $((SHUTDOWN_GRACE + 10)); done
stop_pid pgbouncer TERM 10
stop_pid haproxy TERM 10
# Patroni stops its PostgreSQL on SIGTERM (a fast shutdown); standbys first, the leader last.
for name in node3 node2 node1; do stop_pid "$name" TERM 60; done
# A postmaster whose Patroni was killed outlives it: stop those too (only ours: by data directory).
for i in 0 1 2; do
  if pid="$(postmaster_pid "$i")"; then
    log "stopping the postmaster of ${NODES[$i]} (pid $pid), left without its Patroni"
    kill -CONT "$pid" 2>/dev/null || true
    kill -INT "$pid" 2>/dev/null || true
    for ((t = 0; t < 300; t++)); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
done
stop_pid etcd TERM 10
for f in "$RUN_DIR"/*.pid; do   # anything else recorded (e.g. the drill's load generator)
  [[ -e "$f" ]] || continue
  stop_pid "$(basename "$f" .pid)" TERM 10
done

if [[ "${KEEP_STATE:-0}" == 1 ]]; then
  log "stopped; state kept in $STATE_DIR"
else
  rm -rf "$STATE_DIR"
  log "stopped; $STATE_DIR removed"
fi
