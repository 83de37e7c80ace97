#!/usr/bin/env bash
# Formats every C++ file the repository tracks with .clang-format (clang-format from Debian).
# --check changes nothing and fails, naming the files, when one is not formatted; test.sh runs
# that, so the style stays the one .clang-format gives.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
if [[ "${1:-}" == --check ]]; then
    bad=()
    for f in "${files[@]}"; do
        clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
    done
    if [[ ${#bad[@]} -gt 0 ]]; then
        echo "format: ${#bad[@]} file(s) differ from .clang-format (run scripts/format.sh):" >&2
        printf '  %s\n' "${bad[@]}" >&2
        exit 1
    fi
    echo "format: ${#files[@]} files follow .clang-format"
else
    clang-format -i "${files[@]}"
fi
