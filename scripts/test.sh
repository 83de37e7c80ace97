#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (headless). CI runs exactly this.
# Under CI (CI=true) the build treats warnings as errors. SPARSELAB_FULL_CHECKS=1 also fuzzes
# the loaders after the ordinary tests (scripts/fuzz.sh, FUZZ_SECONDS each) and runs the chosen
# core tests under AddressSanitizer and UBSan (scripts/sanitize.sh). Not yet the CI default:
# measured on the shared 2-core machine (load ~20), fuzz.sh with FUZZ_SECONDS=60 took 6 min 41 s
# (3 harnesses x 60 s plus relinking), but the sanitize build had done 27 of its 156 steps
# after 24 minutes, so its cost on a fresh CI machine is still unknown. The libhdf5 overflow
# that kept fuzzing out (tests/fuzz/open/) is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
full=${SPARSELAB_FULL_CHECKS:-}
if [[ "${CI:-}" == true ]]; then
    export SPARSELAB_WERROR=${SPARSELAB_WERROR:-ON}
fi
# Each stage's wall time, so the CI budget (90 minutes on 2 cores) can be watched.
stage() { echo "test.sh: $1 took $((SECONDS - start)) s"; start=$SECONDS; }
start=$SECONDS
scripts/setup.sh
stage setup
# Seconds, before the long build: the lines this change touched follow .clang-format.
scripts/format.sh --check-changed
stage format
scripts/build.sh
stage build
export QT_QPA_PLATFORM=offscreen
ctest --preset release -j "$(nproc)"
stage tests
if [[ "$full" == 1 ]]; then
    # After the ordinary tests, so their result comes first; a finding fails the run.
    FUZZ_SECONDS=${FUZZ_SECONDS:-45} scripts/fuzz.sh
    stage fuzz
    scripts/sanitize.sh
    stage sanitize
fi
