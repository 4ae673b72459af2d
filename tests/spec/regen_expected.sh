#!/usr/bin/env bash
# Regenerates tests/spec/expected.txt (or, with ENGINE interp,
# expected_interp.txt: the spec.interp.* family) from the current results,
# after a change that makes more spec checks pass. Review the diff: a line
# with fewer passes is a regression to fix, never something to commit.
#   tests/spec/regen_expected.sh BUILD_DIR [aot|interp]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
b=$(cd "${1:?usage: regen_expected.sh BUILD_DIR}" && pwd)
suite=${WCAP_SPEC_SUITE:-$here/../../../shared/wasm-testsuite}
engine=${2:-aot}
case $engine in
  aot) name_out=expected.txt; reasons=$here/reasons.txt; work=work; flags=(--build-arg=-O1)
       what="wcap (x86_64-posix)"; prefix=spec. ;;
  interp) name_out=expected_interp.txt; reasons=$here/reasons_interp.txt; work=work-interp
          flags=(--engine interp); what="wcap's interpreter (wcap build --engine interp, run on x86_64)"
          prefix=spec.interp. ;;
  *) echo "usage: regen_expected.sh BUILD_DIR [aot|interp]" >&2; exit 2 ;;
esac
out=$here/$name_out.new
{
  echo "# Spec conformance of $what, one line per .wast file:"
  echo "#   NAME PASSED/TOTAL [fail=LINE,...]   # reasons of the known failures"
  echo "# ${prefix}NAME fails when a check not listed here fails, or the total changes."
  echo "# Regenerate with tests/spec/regen_expected.sh BUILD_DIR (see tests/spec/README.md)."
} >"$out"
for f in "$suite"/*.wast; do
  python3 "$here/run_spec.py" --wast "$f" --work "$b/tests/spec/$work" --cache "$b/tests/spec/cache" \
    --wcap "$b/bin/wcap" --key "$b/keys/dev.key" --pub "$b/keys/dev.pub" --runner "$b/bin/spec_runner" \
    --extra-symbols "$here/spectest.syms" "${flags[@]}" --update >"$b/tests/spec/last.txt"
  line=$(tail -n 1 "$b/tests/spec/last.txt")
  why=$(grep -E '^ +[0-9]+ x ' "$b/tests/spec/last.txt" | sed -E 's/^ +//' | head -n 4 | paste -sd ';' - || true)
  name=$(basename "$f" .wast)
  note=$(grep -E "^$name " "$reasons" | cut -d' ' -f2- || true)
  if [ -n "$why" ] && [ -n "$note" ]; then why="$why;WHY: $note"; fi
  if [ -n "$why" ]; then echo "$line   # $why"; else echo "$line"; fi >>"$out"
done
mv "$out" "$here/$name_out"
echo "wrote $here/$name_out"
