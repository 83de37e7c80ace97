#!/usr/bin/env bash
# The newcomer's first command: installs what is missing, builds, and runs the default lesson
# (until the window exists: a full training run of the default config in the CLI).
# Extra arguments go to `sparselab-cli train`, e.g. scripts/run.sh --set data.name=spirals
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/release/app/cli/sparselab-cli train "$@"
