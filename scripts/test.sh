#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (headless). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset release -j "$(nproc)"
