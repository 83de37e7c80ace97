#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (headless). CI runs exactly this.
# Under CI (CI=true) or with SPARSELAB_FULL_CHECKS=1 it also builds with warnings as errors,
# fuzzes the three loaders for a fixed number of inputs (scripts/fuzz.sh) and runs the chosen
# core tests under AddressSanitizer and UBSan (scripts/sanitize.sh); the whole suite's ctest
# summary comes last.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
full=no
[[ "${CI:-}" == true || "${SPARSELAB_FULL_CHECKS:-}" == 1 ]] && full=yes
if [[ $full == yes ]]; then export SPARSELAB_WERROR=${SPARSELAB_WERROR:-ON}; fi
scripts/format.sh --check
scripts/build.sh
if [[ $full == yes ]]; then
    scripts/fuzz.sh
    scripts/sanitize.sh
fi
export QT_QPA_PLATFORM=offscreen
ctest --preset release -j "$(nproc)"
