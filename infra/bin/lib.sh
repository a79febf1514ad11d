# Shared helpers for the local infrastructure scripts. Sourced, not executed.
set -euo pipefail

OMNI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OMNI_STATE_DIR="${OMNI_STATE_DIR:-$OMNI_ROOT/.omni}"
KAFKA_PORT="${OMNI_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${OMNI_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${OMNI_KAFKA_HEAP:--Xms256m -Xmx1g}"
PG_HOST="${OMNI_PG_HOST:-127.0.0.1}"
PG_PORT="${OMNI_PG_PORT:-5432}"
INFRA_TIMEOUT="${OMNI_INFRA_TIMEOUT:-120}"

KAFKA_DIR="$OMNI_STATE_DIR/kafka"
PG_DIR="$OMNI_STATE_DIR/postgres"

log() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

validate_port() {
  local name=$1 value=$2
  [[ "$value" =~ ^[0-9]+$ ]] && (( value > 0 && value < 65536 )) ||
    die "$name must be a TCP port between 1 and 65535, got '$value'"
}
validate_port OMNI_KAFKA_PORT "$KAFKA_PORT"
validate_port OMNI_KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
validate_port OMNI_PG_PORT "$PG_PORT"
[[ "$INFRA_TIMEOUT" =~ ^[0-9]+$ ]] || die "OMNI_INFRA_TIMEOUT must be whole seconds, got '$INFRA_TIMEOUT'"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for DESCRIPTION TIMEOUT COMMAND...: polls COMMAND once a second, printing progress.
wait_for() {
  local what=$1 timeout=$2; shift 2
  local waited=0
  until "$@"; do
    (( waited >= timeout )) && return 1
    (( waited % 10 == 0 && waited > 0 )) && log "still waiting for $what (${waited}s of ${timeout}s)"
    sleep 1; waited=$((waited + 1))
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
