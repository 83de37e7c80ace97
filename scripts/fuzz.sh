#!/usr/bin/env bash
# Fuzzes the three loaders (IDX reader, JSON config, checkpoint reader) with libFuzzer under
# AddressSanitizer and UndefinedBehaviorSanitizer, built by scripts/sanitize.sh in the
# sanitize preset (clang-14 from Debian, packages clang-14 and libclang-rt-14-dev; the core
# tests under sanitizers share the build). Builds the core library and the harnesses (nothing
# when sanitize.sh has), writes the seed corpus with make_fuzz_seeds (no binary seeds in the
# repository), runs each harness for FUZZ_SECONDS (default 60) and fails on any finding. Crashing inputs are kept in
# build/sanitize/findings/<harness>/: each one becomes a regression case in the ordinary tests
# and a file in tests/fuzz/regressions/<seeds>/, which every run replays first.
# Called from scripts/test.sh when CI=true or SPARSELAB_FULL_CHECKS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=build/sanitize

scripts/sanitize.sh harnesses

rm -rf "$out/seeds"
"$out/tests/fuzz/make_fuzz_seeds" "$out/seeds" >/dev/null

# Leaks of the system's libraries (libhdf5's own, not SparseLab's) are not findings:
# scripts/lsan.supp says which and why.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}

status=0
for pair in idx:idx json_config:json checkpoint:checkpoint; do
    harness=${pair%%:*}
    seeds=$out/seeds/${pair##*:}
    regressions=tests/fuzz/regressions/${pair##*:}
    [[ -d $regressions ]] || regressions=
    corpus=$out/corpus/$harness
    findings=$out/findings/$harness
    mkdir -p "$corpus" "$findings"
    log=$out/fuzz_$harness.log
    # -malloc_limit_mb: a single allocation past 1 GiB is a finding (a small file must never
    # make a loader allocate that much); -timeout: one input taking 10 s is a hang.
    if "$out/tests/fuzz/fuzz_$harness" "$corpus" "$seeds" ${regressions:+"$regressions"} -max_total_time="$seconds" \
        -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1; then
        runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "fuzz: $harness: ${runs:-?} executions in ${seconds}s, no finding"
    else
        status=1
        echo "fuzz: $harness: FINDING (see $log and $findings/)" >&2
        grep -m5 -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" >&2 || true
    fi
done
exit $status
