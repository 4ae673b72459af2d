#!/usr/bin/env bash
# Regenerates tests/spec/expected.txt (or, with ENGINE interp,
# expected_interp.txt: the spec.interp.* family) from the current results,
# or, with a board's name, expected_board_BOARD.txt (the spec.board.BOARD.*
# family: specrunner.elf in QEMU), after a change that makes more spec checks pass. Review the diff: a line
# with fewer passes is a regression to fix, never something to commit.
#   tests/spec/regen_expected.sh BUILD_DIR [aot|interp|cortex-m4|cortex-m33|rv32imac|xtensa-lx106] [NAME...]
# With NAMEs (e.g. i32 f64): only those files are run, and only their lines replaced
# (the other lines stay). Each file's line and run time go to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
b=$(cd "${1:?usage: regen_expected.sh BUILD_DIR}" && pwd)
suite=${WCAP_SPEC_SUITE:-$here/../../../shared/wasm-testsuite}
engine=${2:-aot}
runner=$b/bin/spec_runner
case $engine in
  aot) name_out=expected.txt; reasons=$here/reasons.txt; work=work; flags=(--build-arg=-O1)
       what="wcap (x86_64-posix)"; prefix=spec. ;;
  interp) name_out=expected_interp.txt; reasons=$here/reasons_interp.txt; work=work-interp
          flags=(--engine interp); what="wcap's interpreter (wcap build --engine interp, run on x86_64)"
          prefix=spec.interp. ;;
  cortex-m4|cortex-m33|rv32imac|xtensa-lx106)
          name_out=expected_board_$engine.txt; reasons=$here/reasons_board.txt; work=work-board-$engine
          flags=(--build-arg=-O1 --board "$engine" --jobs 2); what="wcap on the $engine board (specrunner.elf in QEMU)"
          prefix=spec.board.$engine.; runner=$b/targets/$engine/specrunner.elf ;;
  *) echo "usage: regen_expected.sh BUILD_DIR [aot|interp|BOARD]" >&2; exit 2 ;;
esac
out=$here/$name_out.new
{
  echo "# Spec conformance of $what, one line per .wast file:"
  echo "#   NAME PASSED/TOTAL [fail=LINE,...]   # reasons of the known failures"
  echo "# ${prefix}NAME fails when a check not listed here fails, or the total changes."
  echo "# Regenerate with tests/spec/regen_expected.sh BUILD_DIR $engine (see tests/spec/README.md)."
} >"$out"
files=("$suite"/*.wast)
if [ $# -gt 2 ]; then
  files=()
  for n in "${@:3}"; do files+=("$suite/$n.wast"); done
fi
for f in "${files[@]}"; do
  t0=$SECONDS
  python3 "$here/run_spec.py" --wast "$f" --work "$b/tests/spec/$work" --cache "$b/tests/spec/cache" \
    --wcap "$b/bin/wcap" --key "$b/keys/dev.key" --pub "$b/keys/dev.pub" --runner "$runner" \
    --extra-symbols "$here/spectest.syms" "${flags[@]}" --update >"$b/tests/spec/last-$engine.txt"
  line=$(tail -n 1 "$b/tests/spec/last-$engine.txt")
  why=$(grep -E '^ +[0-9]+ x ' "$b/tests/spec/last-$engine.txt" | sed -E 's/^ +//' | head -n 4 | paste -sd ';' - || true)
  name=$(basename "$f" .wast)
  case $engine in
    aot|interp) note=$(grep -E "^$name " "$reasons" | cut -d' ' -f2- || true) ;;
    *) # reasons_board.txt: BOARD NAME REASON, BOARD "*" for all boards
       note=$({ grep -E "^$engine $name " "$reasons" || grep -E "^\* $name " "$reasons" || true; } | head -n 1 | cut -d' ' -f3-) ;;
  esac
  if [ -n "$why" ] && [ -n "$note" ]; then why="$why;WHY: $note"; fi
  if [ -n "$why" ]; then echo "$line   # $why"; else echo "$line"; fi >>"$out"
  echo "$line ($((SECONDS - t0)) s)" | cut -c1-100 >&2
done
if [ $# -gt 2 ] && [ -f "$here/$name_out" ]; then
  # Only NAMEs were run: keep the other files' lines, in the file's order.
  python3 - "$here/$name_out" "$out" <<'PY'
import sys
old, new = sys.argv[1], sys.argv[2]
fresh = {}
with open(new, encoding="utf-8") as f:
    for l in f:
        if l.strip() and not l.startswith("#"):
            fresh[l.split()[0]] = l
out = []
with open(old, encoding="utf-8") as f:
    for l in f:
        key = l.split()[0] if l.strip() and not l.startswith("#") else None
        out.append(fresh.pop(key) if key in fresh else l)
out += [fresh[k] for k in sorted(fresh)]
with open(new, "w", encoding="utf-8") as f:
    f.writelines(out)
PY
fi
mv "$out" "$here/$name_out"
echo "wrote $here/$name_out"
