#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (headless). CI runs exactly this.
# Under CI (CI=true) the build treats warnings as errors, and after the ordinary tests the
# loaders are fuzzed (scripts/fuzz.sh, FUZZ_SECONDS each) and the chosen core tests run under
# AddressSanitizer and UBSan (scripts/sanitize.sh). SPARSELAB_FULL_CHECKS=1 runs those two
# outside CI as well; SPARSELAB_FULL_CHECKS=0 leaves them out under CI.
set -euo pipefail
cd "$(dirname "$0")/.."
full=${SPARSELAB_FULL_CHECKS:-}
if [[ "${CI:-}" == true ]]; then
    export SPARSELAB_WERROR=${SPARSELAB_WERROR:-ON}
    full=${full:-1}
fi
# Each stage's wall time, so the CI budget (90 minutes on 2 cores) can be watched.
stage() { echo "test.sh: $1 took $((SECONDS - start)) s"; start=$SECONDS; }
start=$SECONDS
scripts/setup.sh
stage setup
scripts/build.sh
stage build
export QT_QPA_PLATFORM=offscreen
ctest --preset release -j "$(nproc)"
stage tests
if [[ "$full" == 1 ]]; then
    # The ordinary tests pass first; a finding here fails CI all the same.
    FUZZ_SECONDS=${FUZZ_SECONDS:-45} scripts/fuzz.sh
    stage fuzz
    scripts/sanitize.sh
    stage sanitize
fi
