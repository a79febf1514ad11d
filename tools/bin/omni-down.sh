#!/usr/bin/env bash
# `npm stop`: stops the services that `npm start` launched (each drains and commits before it
# exits). With --all it also stops local Kafka and the private Postgres.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run_dir="$root/.omni/run"
for pidfile in "$run_dir"/*.pid; do
  [[ -e "$pidfile" ]] || continue
  app=$(basename "$pidfile" .pid) pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    echo "[omni] stopping $app (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "[omni] $app did not stop in 30s; killing it"; kill -9 "$pid"; }
  fi
  rm -f "$pidfile"
done
[[ "${1:-}" == "--all" ]] && bash "$root/infra/bin/infra-down.sh"
exit 0
