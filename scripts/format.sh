#!/usr/bin/env bash
# The C++ layout is the one .clang-format gives (clang-format 14 from Debian, scripts/setup.sh).
#   scripts/format.sh                   formats every tracked C++ file
#   scripts/format.sh --check           changes nothing; fails, naming the files, when one
#                                       differs from .clang-format
#   scripts/format.sh --check-changed [BASE]
#                                       the same for the lines changed since BASE only
#                                       (default: where HEAD left main; on main, the last
#                                       commit), and for the working tree's edits
#   scripts/format.sh --fix-changed [BASE]  formats just those lines
# Changed lines, not whole files, so a branch is held to the style without reformatting code
# it did not touch; renamed files count only for the lines that changed. test.sh runs
# --check-changed before building (a few seconds); once the tree is formatted as a whole,
# --check is as cheap (one clang-format process for every file).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
command -v clang-format >/dev/null || { echo "format: clang-format is missing (scripts/setup.sh installs it)" >&2; exit 2; }

# The lines each changed C++ file has now, as clang-format --lines arguments: one line per
# file, "path --lines=a:b --lines=c:d".
changedLines() {
    git diff -U0 -M --no-color --diff-filter=AMR "$1" -- '*.cpp' '*.h' | awk '
        /^\+\+\+ / { file = substr($0, 7); next }
        /^@@ / {
            split($3, r, ",")  # +start[,count]
            start = substr(r[1], 2); count = (r[2] == "" ? 1 : r[2])
            if (count > 0) lines[file] = lines[file] " --lines=" start ":" (start + count - 1)
        }
        END { for (f in lines) print f lines[f] }'
}

defaultBase() {
    local base
    if git rev-parse -q --verify main >/dev/null; then
        base=$(git merge-base HEAD main)
        if [[ "$base" != "$(git rev-parse HEAD)" ]]; then echo "$base"; return; fi
    fi
    git rev-parse -q --verify HEAD~1 || git rev-parse HEAD
}

case "$mode" in
--check)
    mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
    mapfile -t bad < <(clang-format --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
    if [[ ${#bad[@]} -gt 0 ]]; then
        echo "format: ${#bad[@]} of ${#files[@]} file(s) differ from .clang-format (run scripts/format.sh):" >&2
        printf '  %s\n' "${bad[@]}" >&2
        exit 1
    fi
    echo "format: ${#files[@]} files follow .clang-format"
    ;;
--check-changed | --fix-changed)
    if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        echo "format: not a git checkout, so no changed lines to check"
        exit 0
    fi
    base=${2:-${SPARSELAB_FORMAT_BASE:-$(defaultBase)}}
    bad=()
    checked=0
    while read -r file ranges; do
        [[ -f "$file" ]] || continue
        checked=$((checked + 1))
        # shellcheck disable=SC2086  # ranges is a list of --lines=a:b words
        if [[ "$mode" == --fix-changed ]]; then
            clang-format -i $ranges "$file"
        elif ! clang-format --dry-run -Werror $ranges "$file" >/dev/null 2>&1; then
            bad+=("$file")
            clang-format --dry-run $ranges "$file" 2>&1 | head -n 12 >&2
        fi
    done < <(changedLines "$base")
    if [[ ${#bad[@]} -gt 0 ]]; then
        echo "format: lines changed since $(git rev-parse --short "$base") differ from .clang-format in ${#bad[@]} file(s) (scripts/format.sh --fix-changed formats them):" >&2
        printf '  %s\n' "${bad[@]}" >&2
        exit 1
    fi
    echo "format: the changed lines of $checked file(s) since $(git rev-parse --short "$base") follow .clang-format"
    ;;
"")
    git ls-files -z -- '*.cpp' '*.h' | xargs -0 clang-format -i
    ;;
*)
    echo "usage: scripts/format.sh [--check | --check-changed [BASE] | --fix-changed [BASE]]" >&2
    exit 2
    ;;
esac
