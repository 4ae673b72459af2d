#!/usr/bin/env bash
# Regenerates tests/spec/expected.txt from the current results, after a change
# that makes more spec checks pass. Review the diff: a line with fewer passes
# is a regression to fix, never something to commit.
#   tests/spec/regen_expected.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
b=$(cd "${1:?usage: regen_expected.sh BUILD_DIR}" && pwd)
suite=${WCAP_SPEC_SUITE:-$here/../../../shared/wasm-testsuite}
out=$here/expected.txt.new
{
  echo "# Spec conformance of wcap (x86_64-posix), one line per .wast file:"
  echo "#   NAME PASSED/TOTAL [fail=LINE,...]   # reasons of the known failures"
  echo "# spec.NAME fails when a check not listed here fails, or the total changes."
  echo "# Regenerate with tests/spec/regen_expected.sh BUILD_DIR (see tests/spec/README.md)."
} >"$out"
for f in "$suite"/*.wast; do
  python3 "$here/run_spec.py" --wast "$f" --work "$b/tests/spec/work" --cache "$b/tests/spec/cache" \
    --wcap "$b/bin/wcap" --key "$b/keys/dev.key" --pub "$b/keys/dev.pub" --runner "$b/bin/spec_runner" \
    --extra-symbols "$here/spectest.syms" --build-arg=-O1 --update >"$b/tests/spec/last.txt"
  line=$(tail -n 1 "$b/tests/spec/last.txt")
  why=$(grep -E '^ +[0-9]+ x ' "$b/tests/spec/last.txt" | sed -E 's/^ +//' | head -n 4 | paste -sd ';' - || true)
  name=$(basename "$f" .wast)
  note=$(grep -E "^$name " "$here/reasons.txt" | cut -d' ' -f2- || true)
  if [ -n "$why" ] && [ -n "$note" ]; then why="$why;WHY: $note"; fi
  if [ -n "$why" ]; then echo "$line   # $why"; else echo "$line"; fi >>"$out"
done
mv "$out" "$here/expected.txt"
echo "wrote $here/expected.txt"
