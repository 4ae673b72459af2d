#!/usr/bin/env bash
# Board tests: boots build/targets/TARGET/firmware.elf in QEMU (targets/TARGET/qemu.sh)
# on a free local port and drives it with build/bin/wcap exactly like wcapd.
#
#   board_test.sh BUILD_DIR TARGET CASE
#
# CASE: boot      banner fields, `wcap info`
#       examples  example capsules give the same results as the x86_64 reference (wcap-exec),
#                 also for i64/f64 arguments and results
#       faults    every fault kind ends in its trap and the board keeps serving
#       install   push / ls / call / rollback / rm
#       reject    wrong target, tampered blob, untrusted key, too much memory: each refused,
#                 nothing leaked (capsule RAM back to its boot value), board still serving
#       auth      every command with no credential, a reader's, an admin's, a wrong key, an unknown
#                 identity, and a replayed recorded session (tests/auth/roles.sh); refusals in the
#                 board's log with the identity, never the key
#       persist   installs survive `wcap reboot` (store in reset-surviving RAM): ls, call, the
#                 rollback floor (an older version refused after the reboot), rm + reboot = gone
#       preempt   capsules that never return (tests/preempt/hostile.c: bare loop, host-call loop,
#                 tail recursion, loop behind call_indirect, soft-float loop; no loop polls in
#                 the generated code) end in "time budget exceeded" (the tick redirects the
#                 interrupted PC), the capsule keeps working and the board keeps serving;
#                 a start function that never returns ends the load in an init trap
#       trap      tests/trap/trapper.c installed: the exact contract (`call trapper recurse 0` traps,
#                 then `call trapper div0 5` reports "trap: integer divide by zero (capsule
#                 restarted)"), every trap kind (shadow stack, native stack, out of bounds, divide
#                 by zero, endless loop after its budget) followed by good calls on a fresh
#                 instance, the restart count in `wcap ls`, --on-trap stop (trapstop: refused until
#                 `wcap start`), a trapping tick restarts the running capsule; no RAM leaked
#       exports   tests/exports' 64-export capsule (its manifest lists 12): every export through
#                 `wcap call`, every fourth through `wcap run --export`
#       loadbench the load benchmark firmware (targets/tools/measure_load.sh, -icount) loads
#                 the ~16 KB test capsule and its result matches the x86_64 reference; a CPU
#                 fault (udf / ebreak) inside a guarded capsule call ends as a trap; the same
#                 blob installs through the device service from pre-encoded host frames
# QEMU is always killed on exit (trap EXIT), every wait is bounded.
set -uo pipefail

[ $# -eq 3 ] || { echo "usage: $0 BUILD_DIR TARGET CASE" >&2; exit 2; }
build=$(cd "$1" && pwd) target=$2 case=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
W=$build/bin/wcap
EX=$build/examples/$target
# The development admin the firmware was built with (build/keys/clients.txt).
export WCAP_IDENTITY=${WCAP_IDENTITY-dev-admin} WCAP_PSK_FILE=${WCAP_PSK_FILE-$build/keys/dev-admin.psk}
tmp=$(mktemp -d)
qpid=
port=

cleanup() {
  if [ -n "$qpid" ]; then
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [$target/$case]: $*" >&2; exit 1; }
note() { echo "-- $*"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

boot() {
  port=$(free_port)
  WCAP_BUILD_DIR=$build WCAP_QEMU_LOG=$tmp/uart.log \
    bash "$root/targets/$target/qemu.sh" "$port" >"$tmp/qemu.out" 2>"$tmp/qemu.err" &
  qpid=$!
  for _ in $(seq 150); do
    if grep -qs '^wcap board ready:' "$tmp/qemu.out"; then
      banner=$(grep -m1 '^wcap board ready:' "$tmp/qemu.out")
      note "$banner"
      return 0
    fi
    kill -0 "$qpid" 2>/dev/null || fail "QEMU exited: $(cat "$tmp/qemu.err")"
    sleep 0.1
  done
  fail "no boot banner within 15 s"
}

# `wcap reboot`, then wait for the next boot banner in the UART log.
reboot_and_wait() {
  local n0 n
  n0=$(grep -ac 'board ready: target=' "$tmp/uart.log")
  want=rebooting expect_ok reboot
  for _ in $(seq 300); do
    n=$(grep -ac 'board ready: target=' "$tmp/uart.log")
    [ "$n" -gt "$n0" ] && { note "rebooted (boot $((n0 + 1)))"; return 0; }
    kill -0 "$qpid" 2>/dev/null || fail "QEMU exited at reboot: $(cat "$tmp/qemu.err")"
    sleep 0.1
  done
  fail "no boot banner within 30 s after reboot"
}

# wcap CMD ARGS... against the board; output in $out, exit code in $rc.
dev() {
  out=$(timeout 60 "$W" "$@" --port "tcp:127.0.0.1:$port" 2>&1)
  rc=$? # wcap's own exit code (not a filter's)
  out=$(grep -v '^upload ' <<<"$out")
}
expect_ok() { # CMD... ; the last output line must be $want
  dev "$@"
  [ "$rc" -eq 0 ] || fail "wcap $* exited $rc: $out"
  [ "$(tail -n1 <<<"$out")" = "$want" ] || fail "wcap $*: last line '$(tail -n1 <<<"$out")', want '$want'"
}
expect_err() { # CMD... ; must fail with a message matching $want (regex)
  dev "$@"
  [ "$rc" -ne 0 ] || fail "wcap $* succeeded, expected an error matching '$want': $out"
  grep -Eq "$want" <<<"$out" || fail "wcap $*: '$out' does not match '$want'"
}
field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<"$banner"; }
ram_free() { dev info; sed -n 's/^capsule RAM: *\([0-9]*\) free.*/\1/p' <<<"$out"; }
still_serving() {
  want=42 expect_ok run "$EX/hello.wcap"
  local now; now=$(ram_free)
  [ "$now" = "$ram_boot" ] || fail "capsule RAM free is $now after '$1', was $ram_boot at boot (leak)"
}

for f in "$W" "$build/targets/$target/firmware.elf" "$EX/hello.wcap"; do
  [ -e "$f" ] || fail "$f missing (build everything first)"
done

case $case in
boot)
  boot
  [ "$(field target)" = "$target" ] || fail "banner target '$(field target)'"
  abi=$(sed -n 's/^#define WCAP_ABI_VERSION \([0-9]*\)u.*/\1/p' "$root/format/include/wcap/capsule_abi.h")
  [ "$(field abi)" = "$abi" ] || fail "banner abi '$(field abi)', runtime has $abi"
  signer=$("$W" inspect "$EX/hello.wcap" | sed -n 's/^signer: *key id \([0-9a-f]*\).*/\1/p')
  grep -q "$signer" <<<"$(field keys)" || fail "board does not trust $signer (the key the examples are signed with)"
  [ "$(field ram_free)" -gt 65536 ] || fail "only $(field ram_free) bytes of capsule RAM free"
  dev info
  [ "$rc" -eq 0 ] || fail "wcap info: $out"
  grep -Eq "^target: +$target$" <<<"$out" || fail "wcap info target: $out"
  grep -q "$signer" <<<"$out" || fail "wcap info keys: $out"
  ;;
examples)
  boot
  for e in hello compute big; do
    ref=$(timeout 60 "$build/bin/wcap-exec" "$build/examples/x86_64-posix/$e.wcap" \
          --trust "$build/keys/dev.pub" 2>/dev/null | tail -n1)
    [ -n "$ref" ] || fail "no x86_64 reference result for $e"
    want=$ref expect_ok run "$EX/$e.wcap"
    note "$e: $ref (same as x86_64-posix)"
  done
  # i32/i64/f64 arguments and results through the export wrappers and the
  # firmware's libm/libgcc (float ABI), against the x86_64 reference.
  while read -r export args; do
    # shellcheck disable=SC2086
    ref=$(timeout 60 "$build/bin/wcap-exec" "$build/examples/x86_64-posix/compute.wcap" \
          --trust "$build/keys/dev.pub" --export "$export" $args 2>/dev/null | tail -n1)
    [ -n "$ref" ] || fail "no x86_64 reference for compute $export"
    # shellcheck disable=SC2086
    want=$ref expect_ok run "$EX/compute.wcap" --export "$export" $args
    note "compute $export $args: $ref"
  done <<'CALLS'
crc32 10000 7
mix64 12345678901234
matmul 1.5 16
unaligned 3
unaligned 1
CALLS
  grep -q '^hello from wcap$' <<<"$(dev run "$EX/hello.wcap"; echo "$out")" || fail "hello: no log line"
  dev run "$EX/sensor_filter.wcap"
  [ "$rc" -eq 0 ] && grep -q 'median milli=' <<<"$out" || fail "sensor_filter: $out"
  ;;
interp)
  # the portable interpreted examples (build/examples/interp/) on this board:
  # the same results as native x86_64, each fault its own trap, still serving
  boot
  dev info; ram_boot=$(ram_free)
  grep -Eq "^engines: +aot, interp$" <<<"$out" || fail "wcap info engines: $out"
  IX=$build/examples/interp
  for e in hello compute big; do
    ref=$(timeout 60 "$build/bin/wcap-exec" "$build/examples/x86_64-posix/$e.wcap" \
          --trust "$build/keys/dev.pub" 2>/dev/null | tail -n1)
    want=$ref expect_ok run "$IX/$e.wcap"
    note "interp $e: $ref (same as x86_64-posix)"
  done
  while read -r export args; do
    # shellcheck disable=SC2086
    ref=$(timeout 60 "$build/bin/wcap-exec" "$build/examples/x86_64-posix/compute.wcap" \
          --trust "$build/keys/dev.pub" --export "$export" $args 2>/dev/null | tail -n1)
    # shellcheck disable=SC2086
    want=$ref expect_ok run "$IX/compute.wcap" --export "$export" $args
    note "interp compute $export $args: $ref"
  done <<'CALLS'
crc32 10000 7
mix64 12345678901234
matmul 1.5 16
unaligned 3
CALLS
  while read -r export want; do
    expect_err run "$IX/faults.wcap" --export "$export"
    grep -q "^trap: $want" <<<"$out" || fail "interp $export: '$out', want 'trap: $want'"
    note "interp $export -> trap: $want"
  done <<'CASES'
oob out of bounds memory access
div0 integer divide by zero
unreachable unreachable executed
loop_forever time budget exceeded
recurse call stack exhausted
bad_indirect indirect call type mismatch
CASES
  still_serving interp
  ;;
faults)
  boot
  dev info; ram_boot=$(ram_free)
  while read -r export want; do
    expect_err run "$EX/faults.wcap" --export "$export"
    grep -q "^trap: $want" <<<"$out" || fail "$export: '$out', want 'trap: $want'"
    note "$export -> trap: $want"
    want=1234 expect_ok run "$EX/faults.wcap" --export ok
  done <<'CASES'
oob out of bounds memory access
div0 integer divide by zero
unreachable unreachable executed
loop_forever time budget exceeded
recurse call stack exhausted
bad_indirect indirect call type mismatch
CASES
  still_serving faults
  ;;
preempt)
  boot
  dev info; ram_boot=$(ram_free)
  HB=$build/tests/preempt/$target/hostile.wcap
  [ -e "$HB" ] || fail "$HB missing (build everything first)"
  want="installed hostile version 1" expect_ok push "$HB"
  for export in spin host_spin tail_recurse indirect_spin float_spin; do
    t0=$(date +%s%N)
    want='time budget' expect_err call hostile "$export"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    grep -q '^trap: time budget exceeded' <<<"$out" || fail "$export: '$out', want 'trap: time budget exceeded'"
    [ "$ms" -lt 5000 ] || fail "$export: the 100 ms budget ended after $ms ms"
    note "$export -> trap: time budget exceeded ($ms ms round trip, budget 100 ms)"
    want=4321 expect_ok call hostile ok
  done
  want="removed hostile" expect_ok rm hostile
  # a start function that never returns: the load ends in an init trap, nothing leaked
  want='trapped during instantiation' expect_err run "$build/tests/preempt/$target/spin_start.wcap"
  note "spin_start -> $(tail -n1 <<<"$out")"
  still_serving preempt
  ;;
install)
  boot
  ram_boot=$(ram_free)
  want="installed hello version 1" expect_ok push "$EX/hello.wcap"
  dev ls; grep -q '^hello ' <<<"$out" || fail "ls after push: $out"
  want=42 expect_ok call hello run
  want='version not newer' expect_err push "$EX/hello.wcap"
  want=42 expect_ok call hello run
  want="installed compute version 1" expect_ok push "$EX/compute.wcap"
  want="removed hello" expect_ok rm hello
  dev ls; grep -q '^compute ' <<<"$out" && ! grep -q '^hello ' <<<"$out" || fail "ls after rm: $out"
  want='no such capsule' expect_err call hello run
  want="removed compute" expect_ok rm compute
  still_serving install
  ;;
reject)
  boot
  ram_boot=$(ram_free)
  for other in cortex-m4 cortex-m33 rv32imac xtensa-lx106 x86_64-posix; do
    [ "$other" = "$target" ] && continue
    want='target mismatch' expect_err run "$build/examples/$other/hello.wcap"
  done
  note "wrong target refused"
  want='bad signature' expect_err run "$EX/hello.wcap" --corrupt-at 20
  size=$(stat -c %s "$EX/hello.wcap")
  want='device:' expect_err run "$EX/hello.wcap" --corrupt-at $((size - 1))
  note "tampered blob refused: $out"
  "$W" keygen --out "$tmp/other" >/dev/null || fail "keygen"
  "$W" build "$build/examples/hello.wasm" --target "$target" --key "$tmp/other.key" \
      -o "$tmp/untrusted.wcap" >/dev/null || fail "build with another key"
  want='untrusted key' expect_err run "$tmp/untrusted.wcap"
  note "untrusted key refused"
  "$W" build "$build/examples/hello.wasm" --target "$target" --key "$build/keys/dev.key" \
      --memory-max 1048576 -o "$tmp/huge.wcap" >/dev/null || fail "build huge"
  want='memory budget exceeded' expect_err run "$tmp/huge.wcap"
  "$W" build "$build/examples/hello.wasm" --target "$target" --key "$build/keys/dev.key" \
      --memory-max "$ram_boot" -o "$tmp/nospace.wcap" >/dev/null || fail "build nospace"
  want='not enough free capsule RAM|memory budget exceeded' expect_err run "$tmp/nospace.wcap"
  note "too large refused: $out"
  still_serving reject
  ;;
auth)
  # Who may manage the board over its UART (tests/auth/roles.sh, docs/device-protocol.md):
  # the firmware has the build's development clients compiled in.
  boot
  source "$root/tests/auth/roles.sh"
  check_roles "$build/keys" "$EX/sensor_filter.wcap" sensor_filter run
  allowed push "$EX/hello.wcap"
  check_replay "$build/keys" hello "$root/tests/auth/relay.py" "$tmp"
  grep -aq 'auth: refused remove from (anonymous)' "$tmp/uart.log" || fail "anonymous refusal not in the board's log"
  grep -aq 'auth: refused remove from dev-reader' "$tmp/uart.log" || fail "reader refusal not in the board's log"
  grep -aq 'auth: refused a request with a bad MAC from dev-admin' "$tmp/uart.log" || fail "bad MAC not logged"
  grep -aqF "$(cat "$build/keys/dev-admin.psk")" "$tmp/uart.log" && fail "the admin key appears on the UART"
  allowed call hello run
  ;;
persist)
  boot
  ram_boot=$(ram_free)
  "$W" build "$build/examples/hello.wasm" --target "$target" --key "$build/keys/dev.key" \
      --version 2 -o "$tmp/hello2.wcap" >/dev/null || fail "build hello version 2"
  want="installed hello version 2" expect_ok push "$tmp/hello2.wcap"
  want="installed compute version 1" expect_ok push "$EX/compute.wcap"
  reboot_and_wait
  dev ls
  grep -q '^hello .*version 2 ' <<<"$out" && grep -q '^compute ' <<<"$out" || fail "ls after reboot: $out"
  note "after reboot: $(tr '\n' ';' <<<"$out")"
  want=42 expect_ok call hello run
  want='version not newer' expect_err push "$EX/hello.wcap"
  note "version 1 refused after the reboot: $out"
  want="removed hello" expect_ok rm hello
  reboot_and_wait
  dev ls
  grep -q '^compute ' <<<"$out" && ! grep -q '^hello ' <<<"$out" || fail "ls after rm + reboot: $out"
  want='no such capsule' expect_err call hello run
  want="removed compute" expect_ok rm compute
  reboot_and_wait
  dev ls
  grep -q 'no capsules installed' <<<"$out" || fail "ls after removing everything + reboot: $out"
  still_serving persist
  ;;
trap)
  boot
  dev info; ram_boot=$(ram_free)
  TB=$build/tests/trap/$target
  want="installed trapper version 1" expect_ok push "$TB/trapper.wcap"
  want="installed trapstop version 1" expect_ok push "$TB/trapstop.wcap"
  listed() { dev ls; awk -v n="$1" '$1 == n { print $6, $8 }' <<<"$out"; }
  expect_listed() { [ "$(listed "$1")" = "$2" ] || fail "ls: $1 is '$(listed "$1")', want '$2': $out"; }
  good_calls() {
    want=1 expect_ok call "$1" count
    want=55 expect_ok call "$1" sum 10
    want=14 expect_ok call "$1" div 100 7
    want=1 expect_ok call "$1" inits
  }
  good_calls trapper
  dev call trapper recurse 5; rec5=$(tail -n1 <<<"$out")
  want='capsule restarted' expect_err call trapper recurse 0
  grep -Eq '^trap: (out of bounds memory access|call stack exhausted) \(capsule restarted\)$' <<<"$(tail -n1 <<<"$out")" ||
    fail "recurse 0: '$out'"
  note "recurse 0 -> $(tail -n1 <<<"$out")"
  want='capsule restarted' expect_err call trapper div0 5
  [ "$(tail -n1 <<<"$out")" = "trap: integer divide by zero (capsule restarted)" ] || fail "div0 5 after recurse 0: '$out'"
  note "div0 5 -> $(tail -n1 <<<"$out")"
  good_calls trapper
  n=2
  while IFS='|' read -r call kind; do
    want=2 expect_ok call trapper count
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    want='capsule restarted' expect_err call trapper $call
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    grep -Eq "^trap: ($kind) \(capsule restarted\)\$" <<<"$(tail -n1 <<<"$out")" || fail "$call: '$out', want /$kind/"
    [ "$call" != spin ] || [ "$ms" -ge 90 ] || fail "spin trapped after $ms ms, before its 100 ms budget"
    n=$((n + 1))
    note "$call -> $(tail -n1 <<<"$out") ($ms ms round trip)"
    good_calls trapper
    want=$rec5 expect_ok call trapper recurse 5
    expect_listed trapper "ready $n"
  done <<'CASES'
recurse 0|out of bounds memory access|call stack exhausted
deep|call stack exhausted
oob -16|out of bounds memory access
div0 7|integer divide by zero
spin|time budget exceeded
CASES
  # --on-trap stop
  good_calls trapstop
  want='capsule stopped' expect_err call trapstop div0 5
  [ "$(tail -n1 <<<"$out")" = "trap: integer divide by zero (capsule stopped)" ] || fail "trapstop div0: '$out'"
  want='stopped' expect_err call trapstop sum 10
  expect_listed trapstop "stopped 0"
  want="started trapstop" expect_ok start trapstop
  want=1 expect_ok call trapstop starts
  good_calls trapstop
  expect_listed trapstop "running 1"
  note "trapstop: stopped by the trap, restarted by start"
  # a trapping tick (the board ticks about once a second): restarted, still running
  want="started trapper" expect_ok start trapper
  dev call trapper arm_tick # no result, so no output line
  ! grep -Eq 'trap|error' <<<"$out" || fail "arm_tick: $out"
  for _ in $(seq 100); do
    [ "$(listed trapper)" = "running $((n + 1))" ] && break
    sleep 0.1
  done
  expect_listed trapper "running $((n + 1))"
  want=1 expect_ok call trapper inits
  want=1 expect_ok call trapper starts
  note "tick trap: trapper restarted (init, start) and running"
  want="removed trapper" expect_ok rm trapper
  want="removed trapstop" expect_ok rm trapstop
  still_serving trap
  ;;
exports)
  boot
  XB=$build/tests/exports/$target/exports64.wcap
  [ -e "$XB" ] || fail "$XB missing (build everything first)"
  # shellcheck source=../exports/exports_test.sh
  . "$root/tests/exports/exports_test.sh" lib
  want="installed exports64 version 1" expect_ok push "$XB"
  for i in $(seq 0 63); do
    name=$(exports64_name "$i")
    read -r arg want <<<"$(exports64_expect "$i")"
    [ -n "$want" ] || { want=$arg; arg=; }
    # shellcheck disable=SC2086
    expect_ok call exports64 "$name" $arg
    # shellcheck disable=SC2086
    [ $((i % 4)) -ne $((i / 4 % 4)) ] || expect_ok run "$XB" --export "$name" $arg
  done
  note "all 64 exports callable (call), 16 through run --export"
  ;;
loadbench)
  blob=$build/tests/boards/$target/load16k.wcap
  [ -f "$blob" ] || fail "$blob missing"
  ref=$(timeout 60 "$build/bin/wcap-exec" "$build/tests/boards/x86_64-posix/load16k.wcap" \
        --trust "$build/keys/dev.pub" 2>/dev/null | tail -n1)
  [ -n "$ref" ] || fail "no x86_64 reference result for load16k"
  line=$(timeout 120 bash "$root/targets/tools/measure_load.sh" "$build" "$blob" "$target") ||
    fail "measure_load.sh: $line"
  note "$line"
  grep -q " rc=0 " <<<"$line" || fail "load failed: $line"
  grep -q " fault_contained=1 " <<<"$line" || fail "a CPU fault in a capsule call was not contained: $line"
  grep -q " proto_rc=0 " <<<"$line" || fail "install through the device service failed: $line"
  [ "$(sed -n 's/.* run_result=\([0-9]*\).*/\1/p' <<<"$line")" = "$(( ref & 0xFFFFFFFF ))" ] ||
    fail "run_result differs from the x86_64 reference $ref"
  verify=$(sed -n 's/.* verify_instr=\([0-9]*\).*/\1/p' <<<"$line")
  total=$(sed -n 's/.* total_instr=\([0-9]*\).*/\1/p' <<<"$line")
  [ "$verify" -gt 1000000 ] && [ "$verify" -lt "$total" ] || fail "implausible figures: $line"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "PASS [$target/$case]"
