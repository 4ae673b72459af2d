#!/usr/bin/env bash
# examples.<lang>.<device> (examples/languages.cmake): the Rust or the
# AssemblyScript example capsule on a device, driven with build/bin/wcap.
#
#   lang_test.sh BUILD_DIR rust|assemblyscript wcapd|cortex-m4|<board target>
#   lang_test.sh --skip REASON    the language's toolchain is absent: prints SKIP, exits 77
#
# wcapd: the native (x86_64-posix) and the interpreted blob; a board (QEMU,
# targets/<target>/qemu.sh): its native blob. For each blob:
#   run                  the greeting in the log, then 25953 (the same checksum
#                        in both languages and in examples/reference.py's way)
#   run --export fail 8  125
#   run --export fail 0  the panic (Rust) or abort (AssemblyScript) message in the
#                        log, then "trap: unreachable executed", exit 15
#   push, call run 25 times (an installed capsule keeps its memory: AssemblyScript's
#   stub runtime never frees), call fail 0 (a trap: the capsule restarts), call run, rm
#   the device's free capsule RAM is back to its value before (nothing leaked)
set -uo pipefail
if [ "${1:-}" = --skip ]; then
  echo "SKIP: ${2:-the toolchain is absent}"
  exit 77
fi
[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR LANG DEVICE | --skip REASON" >&2; exit 2; }
build=$(cd "$1" && pwd) lang=$2 device=$3
root=$(cd "$(dirname "$0")/.." && pwd)
W=$build/bin/wcap
export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$build/keys/dev-admin.psk
tmp=$(mktemp -d)
dpid=
cleanup() {
  if [ -n "$dpid" ]; then
    kill "$dpid" 2>/dev/null
    wait "$dpid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL [examples.$lang.$device]: $*"
  echo "--- device stderr:"
  cat "$tmp/dev.err" 2>/dev/null
  exit 1
}
note() { echo "-- $*"; }

nl=$'\n'
trapped="trap: unreachable executed"
case $lang in
rust)
  hello="hello from Rust"
  fault="panic at capsule\\.rs:[0-9]+"
  ;;
assemblyscript)
  hello="hello from AssemblyScript"
  fault="abort: fail: n must be positive$nl  at capsule\\.ts:[0-9]+:[0-9]+"
  ;;
*) fail "unknown language $lang" ;;
esac

# dev CMD ARGS...: wcap against the device; output (upload progress left out) in $out, exit code in $rc
dev() {
  out=$(timeout 60 "$W" "$@" --port "$port" 2>&1)
  rc=$?
  out=$(grep -v '^upload ' <<<"$out")
}
# expect RC REGEX CMD...: exit code RC and the whole output matching ^REGEX$
expect() {
  local want_rc=$1 re=$2
  shift 2
  dev "$@"
  [ "$rc" -eq "$want_rc" ] || fail "wcap $*: exit $rc, want $want_rc: $out"
  [[ $out =~ ^$re$ ]] || fail "wcap $*: output"$'\n'"$out"$'\n'"does not match"$'\n'"$re"
}
ram_free() {
  dev info
  [ "$rc" -eq 0 ] || fail "wcap info: $out"
  sed -n 's/^capsule RAM: *\([0-9]*\) free.*/\1/p' <<<"$out"
}

if [ "$device" = wcapd ]; then
  "$build/bin/wcapd" --serial tcp:127.0.0.1:0 --trust "$build/keys/dev.pub" --clients "$build/keys/clients.txt" \
    >"$tmp/dev.out" 2>"$tmp/dev.err" &
  dpid=$!
  for _ in $(seq 200); do
    grep -qs "^wcapd ready" "$tmp/dev.out" && break
    sleep 0.05
  done
  port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$tmp/dev.out")
  [ -n "$port" ] || fail "wcapd did not become ready"
  blobs=("$build/examples/x86_64-posix/$lang.wcap" "$build/examples/interp/$lang.wcap")
else
  [ -e "$build/targets/$device/firmware.elf" ] || fail "no $build/targets/$device/firmware.elf (build firmware-$device)"
  p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  port=tcp:127.0.0.1:$p
  WCAP_BUILD_DIR=$build WCAP_QEMU_LOG=$tmp/uart.log bash "$root/targets/$device/qemu.sh" "$p" \
    >"$tmp/dev.out" 2>"$tmp/dev.err" &
  dpid=$!
  for _ in $(seq 150); do
    grep -qs '^wcap board ready:' "$tmp/dev.out" && break
    kill -0 "$dpid" 2>/dev/null || fail "QEMU exited"
    sleep 0.1
  done
  grep -qs '^wcap board ready:' "$tmp/dev.out" || fail "no boot banner within 15 s"
  blobs=("$build/examples/$device/$lang.wcap")
fi
note "$device on $port"

ram0=$(ram_free)
for b in "${blobs[@]}"; do
  [ -e "$b" ] || fail "$b missing (build the wcap_${lang}_* targets)"
  what=$(basename "$(dirname "$b")")/$(basename "$b")
  expect 0 "$hello${nl}25953" run "$b"
  expect 0 "125" run "$b" --export fail 8
  expect 15 "$fault$nl$trapped" run "$b" --export fail 0
  note "$what: run 25953, fail 8 = 125, fail 0 traps: ${out//$nl/ | }"
  expect 0 "installed $lang version 1" push "$b"
  for _ in $(seq 25); do # the capsule keeps its memory: nothing may pile up from call to call
    expect 0 "$hello${nl}25953" call "$lang" run
  done
  expect 15 "$fault$nl$trapped \\(capsule restarted\\)" call "$lang" fail 0
  expect 0 "$hello${nl}25953" call "$lang" run
  expect 0 "removed $lang" rm "$lang"
  note "$what installed: run x25, fail 0 (trap, restarted), run again, removed"
done
ram1=$(ram_free)
[ "$ram1" = "$ram0" ] || fail "capsule RAM free is $ram1 after the runs, was $ram0 (leak)"
echo "examples.$lang.$device: ok"
