#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (headless). CI runs exactly this.
# Under CI (CI=true) the build treats warnings as errors and, after the ordinary tests, the
# full checks run: one clang build with AddressSanitizer + UBSan (scripts/sanitize.sh: the
# core library, a chosen subset of the core tests and the loaders' fuzz harnesses), those
# tests, then each harness fuzzed for FUZZ_SECONDS (default 40; scripts/fuzz.sh), a finding
# failing the run. A local run skips them (the newcomer's command stays quick) unless
# SPARSELAB_FULL_CHECKS=1. Their cost, measured on the shared 2-core machine: see
# scripts/sanitize.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
full=${SPARSELAB_FULL_CHECKS:-}
if [[ "${CI:-}" == true ]]; then
    export SPARSELAB_WERROR=${SPARSELAB_WERROR:-ON}
    full=${SPARSELAB_FULL_CHECKS:-1}
fi
# Each stage's wall time, so the CI budget (90 minutes on 2 cores) can be watched.
stage() { echo "test.sh: $1 took $((SECONDS - start)) s"; start=$SECONDS; }
start=$SECONDS
scripts/setup.sh
stage setup
# Seconds, before the long build: every C++ file follows .clang-format (the tree was formatted
# as a whole in one commit, so a check of all of it is as cheap as one of the changed lines).
scripts/format.sh --check
stage format
scripts/build.sh
stage build
export QT_QPA_PLATFORM=offscreen
ctest --preset release -j "$(nproc)"
stage tests
if [[ "$full" == 1 ]]; then
    # After the ordinary tests, so their result comes first; a finding fails the run.
    scripts/sanitize.sh build
    stage "sanitize build"
    scripts/sanitize.sh
    stage "sanitize tests"
    FUZZ_SECONDS=${FUZZ_SECONDS:-40} scripts/fuzz.sh
    stage fuzz
fi
