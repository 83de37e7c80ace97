#!/usr/bin/env bash
# Runs a chosen subset of the core tests under AddressSanitizer and UndefinedBehaviorSanitizer
# (the sanitize preset: GCC, Debug). Not the whole suite: at -O0 with ASan the training tests
# run 20-50x slower and the CI budget (90 min, ~25 already for apt and the release build) has
# room for ~10 minutes here. The subset is every test of code that parses input or indexes
# memory by numbers read from input, plus the layer and mask code those numbers reach:
#   loaders and files: test_idx_reader test_idx_dataset test_malformed_config test_run_config
#                      test_checkpoint_hardening test_hdf5_heap_check test_hdf5_strings
#                      test_checkpoint test_csv_export
#   indexing kernels:  test_mask_ops test_dense test_conv2d test_max_pool test_batcher
#                      test_moe test_gradient_filter test_fake_quant
# Called from scripts/test.sh when CI=true or SPARSELAB_FULL_CHECKS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=(test_idx_reader test_idx_dataset test_malformed_config test_run_config
       test_checkpoint_hardening test_hdf5_heap_check test_hdf5_strings test_checkpoint
       test_csv_export test_mask_ops test_dense test_conv2d test_max_pool test_batcher
       test_moe test_gradient_filter test_fake_quant)

cmake --preset sanitize >/dev/null
cmake --build build/sanitize -j "$(nproc)" --target "${tests[@]}"
export QT_QPA_PLATFORM=offscreen
# Stop at the first report of either sanitizer, with a stack; LeakSanitizer stays on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
ctest --test-dir build/sanitize -R "$regex" --output-on-failure -j "$(nproc)"
