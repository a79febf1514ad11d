#!/usr/bin/env bash
# Stops what infra-up started (Kafka, and a private PostgreSQL under .omni). A server that
# was already running before infra-up, such as the machine's own PostgreSQL, is left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if pid_alive "$KAFKA_DIR/kafka.pid"; then
  pid=$(cat "$KAFKA_DIR/kafka.pid")
  log "stopping Kafka (pid $pid)"
  kill "$pid"
  stopped() { ! kill -0 "$pid" 2>/dev/null; }
  wait_for "Kafka to stop" 60 stopped || { log "Kafka did not stop in 60s; killing it"; kill -9 "$pid" || true; }
  rm -f "$KAFKA_DIR/kafka.pid"
else
  log "Kafka is not running from $KAFKA_DIR"
fi

if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  run_as=(); [[ $(id -u) -eq 0 ]] && run_as=(runuser -u postgres --)
  log "stopping the private PostgreSQL"
  "${run_as[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
fi
[[ "${1:-}" == "--purge" ]] && { log "removing $OMNI_STATE_DIR data"; rm -rf "$KAFKA_DIR/data" "$PG_DIR"; }
exit 0
