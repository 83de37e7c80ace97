#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (headless). CI runs exactly this.
# Under CI (CI=true) the build treats warnings as errors. SPARSELAB_FULL_CHECKS=1 also fuzzes
# the loaders (scripts/fuzz.sh) and runs the chosen core tests under AddressSanitizer and UBSan
# (scripts/sanitize.sh); those are not in CI yet (see scripts/fuzz.sh for why).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [[ "${CI:-}" == true ]]; then export SPARSELAB_WERROR=${SPARSELAB_WERROR:-ON}; fi
scripts/build.sh
if [[ "${SPARSELAB_FULL_CHECKS:-}" == 1 ]]; then
    scripts/fuzz.sh
    scripts/sanitize.sh
fi
export QT_QPA_PLATFORM=offscreen
ctest --preset release -j "$(nproc)"
