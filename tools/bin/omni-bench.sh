#!/usr/bin/env bash
# `npm run bench [-- --scenarios a,b,c,d --runs 3 --tiny]`: the benchmark harness (bench/). It starts
# the platform with omni-up.sh when it is not running, runs each scenario at least three times and
# writes bench/results/<ISO time>-<git sha>.json and .md. Flags: npm run bench -- --help
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash tools/bin/ensure-deps.sh
export PATH="$root/node_modules/.bin:$PATH" NX_DAEMON=false NX_TUI=false KAFKAJS_NO_PARTITIONER_WARNING=1
# The bench talks to Kafka itself (baseline, resolved-topic reader): it must be up even when the
# services are already running from another shell.
bash infra/bin/infra-up.sh >&2
exec node -r ./tools/ts-register.cjs bench/src/bench.cli.ts "$@"
