#!/usr/bin/env bash
# Builds the sanitize preset (clang-14, -O1, AddressSanitizer + UBSan, coverage for libFuzzer)
# once for two uses: a chosen subset of the core tests, run here, and the loaders' fuzz
# harnesses, run by scripts/fuzz.sh from the same build (core compiles once). Only
# sparselab_core, these tests and the harnesses are built: no window, no CLI, no MPI.
# `scripts/sanitize.sh build` builds and stops (`harnesses`: only the fuzz harnesses, for
# fuzz.sh); without an argument it builds (a no-op when built) and runs the tests.
# Measured from scratch with CCACHE_DISABLE=1 on the shared 2-core machine (load 12-14, so
# CPU seconds, not wall): the build (191 steps, configure included) 810 s user + 131 s sys =
# 15.7 CPU-min; these tests 40 CPU-s (158 s wall); scripts/fuzz.sh at FUZZ_SECONDS=40 53 CPU-s
# (142 s wall; 3 x 40 s on an idle machine). About 18 CPU-min in all, ~10 min wall on an
# idle 2-core CI machine.
# Not the whole suite: the CI budget (90 min on 2 cores, ~22 min already taken by apt, the
# release build and its tests) has room for ~20 minutes here. The subset is every test of
# code that parses input or indexes memory by numbers read from input, plus the layer and
# mask code those numbers reach:
#   loaders and files: test_idx_reader test_idx_dataset test_malformed_config test_run_config
#                      test_checkpoint_hardening test_hdf5_heap_check test_hdf5_strings
#                      test_hdf5_superblock test_checkpoint test_csv_export
#   indexing kernels:  test_mask_ops test_dense test_conv2d test_max_pool test_batcher
#                      test_moe test_gradient_filter test_fake_quant
# The sanitize preset builds one executable per test (SPARSELAB_TEST_GROUPS=OFF, see
# tests/CMakeLists.txt), so each test above is a target of its own name and no other test of
# its folder is compiled.
# Called from scripts/test.sh when CI=true or SPARSELAB_FULL_CHECKS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=(test_idx_reader test_idx_dataset test_malformed_config test_run_config
       test_checkpoint_hardening test_hdf5_heap_check test_hdf5_strings test_hdf5_superblock
       test_checkpoint test_csv_export test_mask_ops test_dense test_conv2d test_max_pool
       test_batcher test_moe test_gradient_filter test_fake_quant)
harnesses=(fuzz_idx fuzz_json_config fuzz_checkpoint make_fuzz_seeds)

# An older tree's sanitize build was GCC: a compiler change needs a fresh cache.
fresh=()
if [[ -f build/sanitize/CMakeCache.txt ]] &&
   ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++-14$' build/sanitize/CMakeCache.txt; then
    fresh=(--fresh)
fi
cmake --preset sanitize "${fresh[@]}" >/dev/null
[[ "${1:-}" == harnesses ]] && tests=()
targets=()
for t in "${tests[@]}" "${harnesses[@]}"; do targets+=(--target "$t"); done
cmake --build build/sanitize -j "$(nproc)" "${targets[@]}"
[[ -n "${1:-}" ]] && exit 0

export QT_QPA_PLATFORM=offscreen
# Stop at the first report of either sanitizer, with a stack; LeakSanitizer stays on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks of the system's libraries (not SparseLab's) are not findings: scripts/lsan.supp.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
ctest --test-dir build/sanitize -R "$regex" --output-on-failure -j "$(nproc)"
