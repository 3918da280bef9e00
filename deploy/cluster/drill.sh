#!/usr/bin/env bash
# The failover drill, one command: brings the cluster up (or uses the running one, switching its
# replication mode if needed), then runs drill.py: a constant-rate load through the load balancer,
# five faults one at a time with a quiet window after each, the checks on the primary, and the
# report in deploy/cluster/results/<UTC stamp>[-async]/. ASYNC=1: asynchronous replication.
# The cluster is left running: bash deploy/cluster/down.sh stops it.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/lib.sh"

bash "$here/up.sh"
load_secrets
export STATE_DIR LB_PORT PG_WRITE_PORT APP_DB ASYNC PG_SUPERUSER_PASSWORD
exec env PATRONI_PORTS="${PATRONI_PORTS[*]}" PG_PORTS="${PG_PORTS[*]}" APP_PORTS="${APP_PORTS[*]}" \
  APP_MGMT_PORTS="${APP_MGMT_PORTS[*]}" python3 "$here/drill.py"
