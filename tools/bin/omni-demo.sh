#!/usr/bin/env bash
# `npm run demo [-- --seconds 75 --people 1500]`: streams one simulated omnichannel day through the
# platform (starting it with omni-up.sh first when it is not running) and prints what Omni saw.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash tools/bin/ensure-deps.sh
export PATH="$root/node_modules/.bin:$PATH" NX_DAEMON=false NX_TUI=false KAFKAJS_NO_PARTITIONER_WARNING=1
exec node -r ./tools/ts-register.cjs bench/src/demo.cli.ts "$@"
