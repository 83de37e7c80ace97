#!/usr/bin/env bash
# The measured table of the sparsity engine: every method at 90% and 98% on Fashion-MNIST,
# MLP 784-300-100-10, the default lesson's optimizer and epochs. Prints a Markdown table
# (final test accuracy, steps/s relative to dense, weights regrown, ITOP rate).
# Usage: tests/bench/sparsity_table.sh [build/release/app/cli/sparselab-cli] [extra --set ...]
set -euo pipefail
cli=${1:-build/release/app/cli/sparselab-cli}
shift || true
out=$(mktemp -d)
common=(--set sparsity.distribution=erk --set sparsity.delta_t=100 "$@")

run() {  # name target extra-sets...
    local name=$1 target=$2
    shift 2
    "$cli" train --quiet "${common[@]}" --set sparsity.target="$target" "$@" \
        --summary "$out/$name-$target.json" >/dev/null
}

run dense 0 --set sparsity.method=dense
for target in 0.9 0.98; do
    run static "$target" --set sparsity.method=static
    run gmp "$target" --set sparsity.method=magnitude --set sparsity.schedule=cubic
    run movement "$target" --set sparsity.method=movement
    run rigl "$target" --set sparsity.method=rigl
    run set "$target" --set sparsity.method=set
done

python3 - "$out" <<'PY'
import json, sys, glob, os
d = sys.argv[1]
rows = {os.path.basename(p)[:-5]: json.load(open(p)) for p in glob.glob(d + "/*.json")}
dense = rows["dense-0"]["steps_per_second"]
print("| method | target | test acc. | sparsity | steps/s (rel. dense) | regrown | ITOP |")
print("|---|---|---|---|---|---|---|")
order = ["dense-0"] + [f"{m}-{t}" for t in ("0.9", "0.98") for m in ("static", "gmp", "movement", "rigl", "set")]
for key in order:
    r = rows[key]
    m, t = key.rsplit("-", 1)
    print(f"| {m} | {t} | {100*r['final_test_accuracy']:.2f}% | {100*r['overall_sparsity']:.2f}% "
          f"| {r['steps_per_second']:.0f} ({r['steps_per_second']/dense:.2f}) | {r['total_grown']} | {r['itop']:.3f} |")
PY
