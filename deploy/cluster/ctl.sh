#!/usr/bin/env bash
# Small operations on a running cluster, used by the drill (and handy by hand):
#   ctl.sh start-node N | start-app N | stop-app N [SIGNAL] | wait-app-ready N
#   ctl.sh leader | list | pids
# N counts from 1 (node1..node3, app1..app2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_secrets

cmd="${1:-}"; n="${2:-}"
case "$cmd" in
  start-node) start_node $((n - 1)) ;;
  start-app) start_app $((n - 1)) ;;
  stop-app) stop_pid "${APPS[$((n - 1))]}" "${3:-TERM}" $((SHUTDOWN_GRACE + 10)) ;;
  wait-app-ready)
    wait_for "${3:-90}" "${APPS[$((n - 1))]} ready" app_ready $((n - 1))
    wait_for 30 "${APPS[$((n - 1))]} taken in by the load balancer" app_in_lb $((n - 1)) ;;
  leader) patroni_cluster_json | python3 -c 'import json,sys; print(next(m["name"] for m in json.load(sys.stdin)["members"] if m["role"]=="leader"))' ;;
  list) /usr/bin/patronictl -c "$(patroni_conf node1)" list ;;
  pids)
    for name in etcd "${NODES[@]}" haproxy "${APPS[@]}"; do echo "$name $(pid_of "$name" || echo -)"; done
    for i in 0 1 2; do echo "${NODES[$i]}-postmaster $(postmaster_pid "$i" || echo -)"; done ;;
  *) echo "usage: $0 start-node N | start-app N | stop-app N [SIGNAL] | wait-app-ready N | leader | list | pids" >&2; exit 2 ;;
esac
