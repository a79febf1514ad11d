#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages, Chromium for the browser tests),
# starts local Kafka and Postgres when they are not running, then lints, type-checks and runs
# unit and integration tests for every project.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash tools/bin/ensure-deps.sh
bash tools/bin/ensure-chromium.sh
export PATH="$root/node_modules/.bin:$PATH"
export NX_DAEMON=false NX_TUI=false KAFKAJS_NO_PARTITIONER_WARNING=1
start=$(date +%s)
bash infra/bin/infra-up.sh
echo "[test] formatting, lint and type-check"
prettier --check . --log-level warn
nx run-many -t lint typecheck --parallel=2 --outputStyle=static
echo "[test] unit tests"
nx run-many -t test --parallel=2 --outputStyle=static
echo "[test] integration tests against the real broker and database"
nx run-many -t integration --parallel=1 --outputStyle=static
echo "[test] all passed in $(( $(date +%s) - start ))s"
