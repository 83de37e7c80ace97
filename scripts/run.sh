#!/usr/bin/env bash
# The newcomer's first command: installs what is missing, builds, and opens the window on the
# default lesson (RigL at 90% on Fashion-MNIST, paused: press Play). Without a display it
# runs the same lesson in the terminal instead. Extra arguments go to the program.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh sparselab sparselab-cli  # only what it runs, not the 400 test targets
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" || "${QT_QPA_PLATFORM:-}" == offscreen ]]; then
    exec build/release/app/sparselab --default-lesson "$@"
fi
echo "run: no display found; running the default lesson in the terminal (sparselab-cli train)"
exec build/release/app/cli/sparselab-cli train "$@"
