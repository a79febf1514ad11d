#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json.
# After this, node_modules/.bin/node is the pinned Node 24 that every script runs on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
stamp=node_modules/.omni-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -x node_modules/.bin/node && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "[deps] error: npm not found: install Node.js (any version with npm 10+) to bootstrap" >&2; exit 1; }
echo "[deps] installing npm dependencies; this takes a minute or two on a fresh clone"
# `npm install` rather than `npm ci`: it honours package-lock.json too, but tolerates optional
# native packages for other platforms (e.g. @swc/core for macOS) that a registry mirror lacks,
# which `npm ci` rejects as "missing from lock file".
npm install --no-audit --no-fund --loglevel=error
[[ -x node_modules/.bin/node ]] || { echo "[deps] error: the pinned Node 24 (npm package 'node') did not install" >&2; exit 1; }
echo "$want" > "$stamp"
echo "[deps] ready: $(node_modules/.bin/node --version)"
