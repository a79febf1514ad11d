#!/usr/bin/env bash
# Starts local Kafka (KRaft) and PostgreSQL on loopback without Docker. Safe to run twice.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
bash "$here/postgres-up.sh"
bash "$here/kafka-up.sh"
