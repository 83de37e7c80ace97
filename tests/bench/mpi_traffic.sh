#!/usr/bin/env bash
# The traffic table of data-parallel training: N = 1, 2, 4 ranks (--oversubscribe past the
# cores), dense exchange vs top-k 1 % vs top-k 0.1 %, on Fashion-MNIST with the default lesson
# (MLP 784-300-100-10, batch 128). Prints a Markdown table: bytes rank 0 handed to MPI per step
# (measured by the communicator), steps/s, the share of the step spent communicating, and the
# final test accuracy. N = 1 is the plain program (nothing is sent).
# Usage: tests/bench/mpi_traffic.sh [cli] [extra --set ...], e.g. --set train.max_steps=300 for
# the speed columns alone.
set -euo pipefail
cli=${1:-build/release/app/cli/sparselab-cli}
shift || true
out=$(mktemp -d)
mpi=(mpirun --oversubscribe --allow-run-as-root --bind-to none)

for n in 1 2 4; do
    for mode in dense topk-0.01 topk-0.001; do
        sets=(--set threads=1 "$@")
        if [[ $mode == topk-* ]]; then
            sets+=(--set gradient.compression=topk --set gradient.density=${mode#topk-})
        fi
        if [[ $n == 1 ]]; then launch=("$cli"); else launch=("${mpi[@]}" -np "$n" "$cli"); fi
        "${launch[@]}" train --quiet "${sets[@]}" --summary "$out/$n-$mode.json" >/dev/null
    done
done

python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
print("| ranks | exchange | bytes sent / step (rank 0) | steps/s | communication share | test accuracy |")
print("| --- | --- | --- | --- | --- | --- |")
for n in (1, 2, 4):
    for mode in ("dense", "topk-0.01", "topk-0.001"):
        s = json.load(open(f"{d}/{n}-{mode}.json"))
        x = s["exchange"]
        share = x["communication_seconds"] / max(1e-9, s["training_seconds"])
        acc = s["final_test_accuracy"]
        print(f"| {n} | {mode} | {x['bytes_sent_per_step']:.0f} | {s['steps_per_second']:.0f} | "
              f"{100 * share:.0f} % | {100 * acc:.2f} % |")
PY
