#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (playwright-core drives
# /usr/bin/chromium; browser downloads are not used). Needs root or sudo on Debian/Ubuntu;
# elsewhere point OMNI_CHROMIUM at any Chromium or Chrome binary.
set -euo pipefail
if [[ -n "${OMNI_CHROMIUM:-}" && -x "${OMNI_CHROMIUM}" ]] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "[chromium] error: chromium is missing and installing it needs root; install it or set OMNI_CHROMIUM" >&2
    exit 1
  }
  as_root=(sudo)
fi
echo "[chromium] installing Debian's chromium for the browser tests"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "[chromium] ready: $(command -v chromium)"
