#!/usr/bin/env bash
# stack_peak.board.<target>: the board firmware measures a capsule call's peak
# native stack by painting and reports it in CallResult.stack_peak.
#
#   board_depths.sh BUILD_DIR TARGET DEEP_WASM
#
# Builds tests/stack_peak/deep.wat's module for TARGET (8 KiB stack budget,
# signed with BUILD_DIR/keys/dev.key, which the firmware trusts), boots the
# firmware in QEMU and runs `wcap run --stack-peak` at depths 10, 110, 210:
# the results are right, the peak grows by the same bytes per level and stays
# below the budget; at a depth beyond the budget the call traps and the peak
# reaches the budget; the board keeps serving. QEMU is killed on exit.
# Interrupt frames (the 1 kHz tick) taken at the deepest point count too, so
# the comparisons allow up to SLACK bytes (an FP exception frame + handler).
set -uo pipefail

[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR TARGET DEEP_WASM" >&2; exit 2; }
build=$(cd "$1" && pwd) target=$2 wasm=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
W=$build/bin/wcap
export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$build/keys/dev-admin.psk
budget=8192
SLACK=256
tmp=$(mktemp -d)
qpid=

cleanup() {
  if [ -n "$qpid" ]; then
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [stack_peak/$target]: $*" >&2; exit 1; }

"$W" build "$wasm" --target "$target" --key "$build/keys/dev.key" -o "$tmp/deep.wcap" --stack $budget \
  >/dev/null || fail "wcap build"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WCAP_BUILD_DIR=$build WCAP_QEMU_LOG=$tmp/uart.log \
  bash "$root/targets/$target/qemu.sh" "$port" >"$tmp/qemu.out" 2>"$tmp/qemu.err" &
qpid=$!
for _ in $(seq 150); do
  grep -qs '^wcap board ready:' "$tmp/qemu.out" && break
  kill -0 "$qpid" 2>/dev/null || fail "QEMU exited: $(cat "$tmp/qemu.err")"
  sleep 0.1
done
grep -qs '^wcap board ready:' "$tmp/qemu.out" || fail "no boot banner within 15 s"

# run DEPTH: sets out (stdout), peak (from stderr), rc
run() {
  out=$("$W" run "$tmp/deep.wcap" --port "tcp:127.0.0.1:$port" --export deep --stack-peak "$1" \
        2>"$tmp/err")
  rc=$?
  peak=$(sed -n 's/^stack_peak \([0-9][0-9]*\|n\/a\)$/\1/p' "$tmp/err")
}

declare -A p
for d in 10 110 210; do
  run $d
  [ $rc -eq 0 ] && [ "$out" = "$((d * (d + 1) / 2))" ] || fail "depth $d: exit $rc, output '$out'"
  [ -n "$peak" ] && [ "$peak" != "n/a" ] || fail "depth $d: no measured stack_peak: $(cat "$tmp/err")"
  p[$d]=$peak
  echo "-- depth $d: stack_peak $peak"
done
s1=$((p[110] - p[10])) s2=$((p[210] - p[110]))
d=$((s1 - s2)); d=${d#-}
# at least a return address (4 bytes) per level for 100 levels
[ $s1 -ge $((400 - SLACK)) ] && [ $s2 -ge 400 ] && [ $d -le $SLACK ] && [ "${p[210]}" -lt $budget ] ||
  fail "peaks ${p[10]} ${p[110]} ${p[210]}: not a constant growth per level below the budget"

run 100000
[ "$out" = "trap: call stack exhausted" ] || fail "beyond the budget: exit $rc, output '$out'"
[ -n "$peak" ] && [ "$peak" != "n/a" ] && [ "$peak" -le $budget ] && [ "$peak" -ge $((budget - SLACK)) ] ||
  fail "trapped call: stack_peak '$peak', expected the budget $budget (within $SLACK bytes)"
echo "-- trapped at the budget: stack_peak $peak"

run 10
[ $rc -eq 0 ] && [ "$out" = 55 ] && [ -n "$peak" ] && [ "$peak" != "n/a" ] && [ "$peak" -lt $((p[10] + SLACK)) ] ||
  fail "after the trap: exit $rc, '$out', peak $peak (repainted: as shallow as before)"
echo "ok: $target reports the AOT stack peak"
