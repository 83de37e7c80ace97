#!/usr/bin/env bash
# Configures (first time only) and builds the release preset. Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${SPARSELAB_PRESET:-release}
if [[ ! -f build/$preset/CMakeCache.txt ]]; then
    cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -j "$(nproc)"
