#!/usr/bin/env bash
# Every spec file on every board (or on the BOARDs named), one board at a time,
# two files at once: the spec.board.<board>.<file> check of each file against
# expected_board_<board>.txt, without reconfiguring the build (CI runs only the
# WCAP_SPEC_BOARD_SUBSET files; tests/spec/README.md, "On the boards").
#   tests/spec/boards_all.sh BUILD_DIR [BOARD...]
# Prints one line per file (PASSED/TOTAL, or the regression), then the totals
# per board; exit 1 when any file regresses. Logs: BUILD_DIR/tests/spec/boards-all/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
b=$(cd "${1:?usage: boards_all.sh BUILD_DIR [BOARD...]}" && pwd)
shift
boards=("$@")
[ ${#boards[@]} -gt 0 ] || boards=(cortex-m4 cortex-m33 rv32imac xtensa-lx106)
suite=${WCAP_SPEC_SUITE:-$(sed -n 's/^WCAP_SPEC_SUITE:PATH=//p' "$b/CMakeCache.txt")}
logs=$b/tests/spec/boards-all
mkdir -p "$logs"
bad=0
for board in "${boards[@]}"; do
  runner=$b/targets/$board/specrunner.elf
  [ -f "$runner" ] || { echo "boards_all: no $runner (firmware not built?)" >&2; exit 2; }
  start=$SECONDS
  # One line per file: NAME STATUS FIRST-LINE-OF-OUTPUT
  ls "$suite"/*.wast | xargs -P 2 -I{} sh -c '
    n=$(basename "$1" .wast)
    if python3 "$2/run_spec.py" --wast "$1" --work "$3/tests/spec/work-board-$4" --cache "$3/tests/spec/cache" \
        --wcap "$3/bin/wcap" --key "$3/keys/dev.key" --pub "$3/keys/dev.pub" --runner "$5" --board "$4" \
        --extra-symbols "$2/spectest.syms" --expected "$2/expected_board_$4.txt" --build-arg=-O1 \
        >"$6/$4.$n.log" 2>&1; then st=ok; else st=REGRESSION; fi
    echo "$4 $st $(head -n 1 "$6/$4.$n.log")"' _ {} "$here" "$b" "$board" "$runner" "$logs" | sort -k3 | tee "$logs/$board.txt"
  awk -v t=$((SECONDS - start)) '{split($4, c, "/"); p += c[1]; n += c[2]; if ($2 != "ok") r++}
    END {printf "== %s: %d files, %d of %d checks pass, %d regressed (%d s)\n", $1, NR, p, n, r, t}' "$logs/$board.txt"
  grep -q " REGRESSION " "$logs/$board.txt" && bad=1
done
exit $bad
