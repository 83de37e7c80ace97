#!/usr/bin/env bash
# Configures (first time only) and builds the release preset: the targets given as arguments,
# or everything (every test included) when none are given. Used by run.sh and test.sh.
# SPARSELAB_WERROR=ON (CI sets it) turns compiler warnings into errors.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${SPARSELAB_PRESET:-release}
werror=${SPARSELAB_WERROR:-OFF}
if [[ ! -f build/$preset/CMakeCache.txt ]] ||
   ! grep -q "^SPARSELAB_WERROR:BOOL=$werror\$" "build/$preset/CMakeCache.txt"; then
    cmake --preset "$preset" -DSPARSELAB_WERROR="$werror" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
