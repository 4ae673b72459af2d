#!/usr/bin/env bash
# Measures what loading one signed blob costs on each QEMU board, in
# instructions (docs/porting.md, "Load cost"). Boots build/targets/<t>/loadbench.elf
# under `-icount shift=0` with the blob placed in RAM by QEMU's generic loader
# and prints the benchmark's one result line per board.
#
#   targets/tools/measure_load.sh [BUILD_DIR [CAPSULE [TARGET...]]]
#
# Defaults: build, the ~16 KB test capsule build/tests/boards/<target>/load16k.wcap,
# all four boards. CAPSULE is an example name (build/examples/<target>/CAPSULE.wcap)
# or a path in which %t stands for the target. Exit status 1 if a board gave no result.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
capsule=${2:-$build/tests/boards/%t/load16k.wcap}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(cortex-m4 cortex-m33 rv32imac xtensa-lx106)
status=0

declare -A qemu=(
  [cortex-m4]="qemu-system-arm -M mps2-an386"
  [cortex-m33]="qemu-system-arm -M mps2-an505"
  [rv32imac]="qemu-system-riscv32 -M virt -bios none"
  [xtensa-lx106]="qemu-system-xtensa -M lx60-nommu -cpu lx106"
)
for t in "${targets[@]}"; do
  elf=$build/targets/$t/loadbench.elf
  case $capsule in
    */*) blob=${capsule//%t/$t} ;;
    *) blob=$build/examples/$t/$capsule.wcap ;;
  esac
  addr=$(sed -n 's/^set(WCAP_FW_BENCH_BLOB_ADDR \(0x[0-9a-fA-F]*\)).*/\1/p' "$root/targets/$t/board.cmake")
  if [ ! -f "$elf" ] || [ ! -f "$blob" ] || [ -z "$addr" ]; then
    echo "measure_load: $t: missing $elf, $blob or the load address" >&2
    status=1
    continue
  fi
  load=$addr
  if [ "$t" = cortex-m33 ]; then
    # The firmware reads the Secure alias; QEMU's loader writes system memory,
    # where the same SSRAM is at the Non-secure address (bit 28 clear).
    load=$(printf '0x%x' $((addr & ~0x10000000)))
  fi
  out=$(mktemp)
  # shellcheck disable=SC2086
  ${qemu[$t]} -nographic -monitor none -net none -icount shift=0 \
    -serial "file:$out" -kernel "$elf" \
    -device "loader,file=$blob,addr=$load,force-raw=on" 2>/dev/null &
  pid=$!
  for _ in $(seq 300); do
    grep -q '^wcap bench load:.* end$' "$out" 2>/dev/null && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep -a '^wcap bench load:' "$out" || { echo "measure_load: $t: no result" >&2; status=1; }
  rm -f "$out"
done
exit $status
