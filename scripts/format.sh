#!/usr/bin/env bash
# The project's C style (.clang-format), applied with Debian's clang-format-14.
#   scripts/format.sh           reformat every .c/.h of the project in place
#   scripts/format.sh --check   list the files that differ and exit 1 (ctest style.format)
# Only the project's own sources (git ls-files); nothing under .deps/ or build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || true)
[ -n "$cf" ] || { echo "format.sh: clang-format-14 not found: run scripts/setup.sh" >&2; exit 3; }
mapfile -t files < <(git ls-files -- '*.c' '*.h' | grep -Ev '^tests/fuzz/corpus/')
if [ "${1:-}" = --check ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! "$cf" --dry-run -Werror "$f" >/dev/null 2>&1; then
      echo "not formatted: $f (scripts/format.sh reformats it)"
      bad=1
    fi
  done
  [ "$bad" = 0 ] && echo "format: ${#files[@]} files as .clang-format says"
  exit "$bad"
fi
"$cf" -i "${files[@]}"
