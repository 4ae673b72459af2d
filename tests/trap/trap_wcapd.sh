#!/usr/bin/env bash
# trap.wcapd / trap.coap: trap recovery of installed capsules on a real wcapd,
# over the serial protocol (TCP) or CoAP, driven by the `wcap` CLI
# (docs/memory-model.md "After a trap"). trapper.wcap (--on-trap restart) and
# trapstop.wcap (--on-trap stop) are tests/trap/trapper.c, 100 ms budget.
#   - the exact contract: `call trapper recurse 0` traps, then `call trapper
#     div0 5` reports "trap: integer divide by zero (capsule restarted)"
#   - every kind (shadow stack overflow, native stack exhaustion, out of bounds,
#     divide by zero, endless loop) followed by good calls with fresh state
#     (count restarts at 1, init ran once more) and correct results; the
#     endless loop ends after its budget, not at once
#   - `wcap ls` counts the restarts; an ephemeral `wcap run` is unchanged
#   - --on-trap stop: the trap stops the capsule, calls are refused until
#     `wcap start`, which re-instantiates it (init, start)
#   - a trapping `start` hook: the Start answers the trap, the capsule is restarted, stays ready
#   - coap only (wcapd ticks only with --coap): a tick that traps restarts the
#     running capsule (init and start again) and its ticks go on
# wcapd is always killed on exit.
#
#   trap_wcapd.sh serial|coap WCAP WCAPD KEYDIR BLOBDIR
set -u
[ $# -eq 5 ] || { echo "usage: $0 serial|coap WCAP WCAPD KEYDIR BLOBDIR" >&2; exit 2; }
mode=$1 W=$2 D=$3 keys=$4 blobs=$5
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [trap.$mode]: $*" >&2; tail -20 "$tmp/d.err" >&2 2>/dev/null; exit 1; }
note() { echo "-- $*"; }

# The build's development admin (build/keys/clients.txt, docs/device-protocol.md "Authentication").
export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$keys/dev-admin.psk
if [ "$mode" = coap ]; then
  cport=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$D" --coaps "udp:127.0.0.1:$cport" --clients "$keys/clients.txt" --trust "$keys/dev.pub" --store "$tmp/store" --tick-ms 100 \
    >"$tmp/d.out" 2>"$tmp/d.err" &
else
  "$D" --serial tcp:127.0.0.1:0 --trust "$keys/dev.pub" --clients "$keys/clients.txt" --store "$tmp/store" >"$tmp/d.out" 2>"$tmp/d.err" &
fi
pid=$!
for _ in $(seq 200); do
  grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "wcapd exited"
  sleep 0.05
done
grep -q '^wcapd ready' "$tmp/d.out" || fail "wcapd did not become ready"
if [ "$mode" = coap ]; then
  conn=(--coap "coaps://127.0.0.1:$cport")
else
  conn=(--port "$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$tmp/d.out")")
fi

dev() {
  timeout 60 "$W" "$@" "${conn[@]}" >"$tmp/o" 2>&1
  rc=$?
  out=$(grep -v '^upload ' "$tmp/o")
}
last() { sed '/^$/d' <<<"$out" | tail -n1; }
ok() { # WANT CMD...: exit 0 and the last line is WANT
  local want=$1; shift
  dev "$@"
  [ "$rc" -eq 0 ] && [ "$(last)" = "$want" ] || fail "wcap $*: rc=$rc, last line '$(last)', want '$want': $out"
}
trapped() { # REGEX CMD...: exit 15 (trap) and the last line matches REGEX
  local want=$1; shift
  dev "$@"
  [ "$rc" -eq 15 ] && grep -Eq -- "$want" <<<"$(last)" || fail "wcap $*: rc=$rc, last line '$(last)', want /$want/"
}
refused() { # REGEX CMD...: exit 14 (device refused), output matches REGEX
  local want=$1; shift
  dev "$@"
  [ "$rc" -eq 14 ] && grep -Eq -- "$want" <<<"$out" || fail "wcap $*: rc=$rc '$out', want a refusal /$want/"
}
# state and restart count of NAME from `wcap ls` ("NAME version V ram R STATE restarts N",
# over either transport)
listed() {
  dev ls
  [ "$rc" -eq 0 ] || fail "ls: $out"
  awk -v n="$1" '$1 == n { print $6, $8 }' <<<"$out"
}
expect_listed() { # NAME "STATE N"
  local got; got=$(listed "$1")
  [ "$got" = "$2" ] || fail "ls: $1 is '$got', want '$2': $out"
}
good_calls() { # NAME: a fresh instance answers correctly
  ok 1 call "$1" count
  ok 2 call "$1" count
  ok 55 call "$1" sum 10
  ok 14 call "$1" div 100 7
  ok 1 call "$1" inits
}

dev push "$blobs/trapper.wcap"; [ "$rc" -eq 0 ] || fail "push trapper: $out"
dev push "$blobs/trapstop.wcap"; [ "$rc" -eq 0 ] || fail "push trapstop: $out"
expect_listed trapper "ready 0"
good_calls trapper
rec5=$(dev call trapper recurse 5; last)

# the exact contract
trapped '^trap: (out of bounds memory access|call stack exhausted) \(capsule restarted\)$' call trapper recurse 0
note "recurse 0 -> $(last)"
trapped '^trap: integer divide by zero \(capsule restarted\)$' call trapper div0 5
note "div0 5 -> $(last)"
good_calls trapper
expect_listed trapper "ready 2"

# every kind, each followed by good calls on a fresh instance
n=2
while IFS='|' read -r call want; do
  ok 3 call trapper count # state the restart must drop
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  trapped "^trap: ($want) \\(capsule restarted\\)\$" call trapper $call
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  n=$((n + 1))
  note "$call -> $(last) ($ms ms)"
  if [ "$call" = spin ]; then
    [ "$ms" -ge 90 ] || fail "spin trapped after $ms ms, before its 100 ms budget"
    [ "$ms" -lt 3000 ] || fail "spin: the 100 ms budget ended after $ms ms"
  fi
  good_calls trapper
  # shellcheck disable=SC2086
  [ "$(dev call trapper recurse 5; last)" = "$rec5" ] || fail "recurse 5 after $call: $out"
  expect_listed trapper "ready $n"
done <<'CASES'
recurse 0|out of bounds memory access|call stack exhausted
deep|call stack exhausted
oob -16|out of bounds memory access
div0 7|integer divide by zero
spin|time budget exceeded
CASES
note "trapper: $n traps, $n restarts, every later call fresh and correct"

# a trapping start hook: the Start fails with the trap, the capsule is restarted and stays ready
ok "" call trapper arm_start
trapped '^trap: unreachable executed \(capsule restarted\)$' start trapper
n=$((n + 1))
expect_listed trapper "ready $n"
ok 0 call trapper starts
note "start hook trap -> $(last), still ready"

# an ephemeral run is unchanged: no restart, the old answer
dev run "$blobs/trapper.wcap" --export spin
[ "$rc" -eq 15 ] && [ "$(last)" = "trap: time budget exceeded" ] || fail "run --export spin: rc=$rc '$out'"

# --on-trap stop
good_calls trapstop
trapped '^trap: (out of bounds memory access|call stack exhausted) \(capsule stopped\)$' call trapstop recurse 0
note "trapstop recurse 0 -> $(last)"
refused 'stopped' call trapstop sum 10
expect_listed trapstop "stopped 0"
dev start trapstop; [ "$rc" -eq 0 ] || fail "start trapstop: $out"
expect_listed trapstop "running 1"
ok 1 call trapstop starts
good_calls trapstop
trapped '^trap: integer divide by zero \(capsule stopped\)$' call trapstop div0 5
refused 'stopped' call trapstop count
dev start trapstop; [ "$rc" -eq 0 ] || fail "start trapstop: $out"
ok 1 call trapstop count
expect_listed trapstop "running 2"
note "trapstop: stopped by each trap, restarted by start"

if [ "$mode" = coap ]; then
  # a trapping tick: the running capsule restarts (init, start) and ticks go on
  dev start trapper; [ "$rc" -eq 0 ] || fail "start trapper: $out"
  sleep 0.5
  t=$(dev call trapper ticks; last)
  [ "$t" -ge 2 ] || fail "ticks while running: $out"
  ok "" call trapper arm_tick
  for _ in $(seq 50); do
    grep -q 'tick trapped: capsule restarted' "$tmp/d.err" && break
    sleep 0.1
  done
  grep -q 'tick trapped: capsule restarted' "$tmp/d.err" || fail "no 'tick trapped' notice: $(cat "$tmp/d.err")"
  sleep 0.5
  ok 1 call trapper inits
  ok 1 call trapper starts
  t2=$(dev call trapper ticks; last)
  [ "$t2" -ge 1 ] || fail "ticks after the restart: $out"
  expect_listed trapper "running $((n + 1))"
  note "tick trap: restarted, running, $t2 ticks since"
fi
kill -0 "$pid" 2>/dev/null || fail "wcapd died"
echo "PASS [trap.$mode]"
