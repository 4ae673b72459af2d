#!/usr/bin/env bash
# natives.wcapd.*: the example integrator API (targets/common/board_api.def,
# registered by wcapd as by the boards) used by examples/kv, and the refusals.
#
#   natives_wcapd.sh kv|refusals   (environment: WCAP WCAPD KEYDIR EXDIR NATDIR)
#
#   kv        run, missing key, counter across calls of an installed capsule, a
#             value pointer outside the capsule's memory traps the call (out of
#             bounds) and the capsule keeps working; the same for the interpreted kv
#   refusals  a function the device lacks (board.gpio_write), another signature
#             (board.kv_get with two parameters), a capability the device does not
#             grant (wcapd --grant log): each refused with its name, nothing installed
set -u
: "${WCAP:?}" "${WCAPD:?}" "${KEYDIR:?}" "${EXDIR:?}" "${NATDIR:?}"
export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$KEYDIR/dev-admin.psk
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL [natives.wcapd.$1]: ${*:2}"; echo "--- out:"; cat "$work/out"; echo "--- wcapd:"; cat "$work/d.err"; exit 1; }
note() { echo "-- $*"; }

start_dev() { # [wcapd options...]
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  "$WCAPD" --serial tcp:127.0.0.1:0 --trust "$KEYDIR/dev.pub" --clients "$KEYDIR/clients.txt" "$@" \
    >"$work/d.out" 2>"$work/d.err" &
  pid=$!
  for _ in $(seq 200); do
    grep -q "^wcapd ready" "$work/d.out" 2>/dev/null && break
    sleep 0.05
  done
  port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$work/d.out")
  [ -n "$port" ] || fail start "wcapd did not become ready"
}
w() { timeout 60 "$WCAP" "$@" --port "$port" >"$work/out" 2>&1; rc=$?; last=$(grep -v '^upload ' "$work/out" | tail -n1); }
ok() { # WANT CMD...
  local want=$1; shift
  w "$@"; [ "$rc" -eq 0 ] && [ "$last" = "$want" ] || fail "$case" "wcap $* -> rc $rc, '$last', want '$want'"
}
err() { # REGEX CMD...
  local re=$1; shift
  w "$@"; [ "$rc" -ne 0 ] && grep -Eq "$re" "$work/out" || fail "$case" "wcap $* -> rc $rc, want an error /$re/"
  note "refused: $(grep -E "$re" "$work/out" | head -n1)"
}
nothing_installed() { w ls; [ "$rc" -eq 0 ] && [ "$last" = "wcap: no capsules installed" ] || fail "$case" "ls: '$last'"; }

KV=$EXDIR/x86_64-posix/kv.wcap
case=$1
case $case in
kv)
  start_dev
  ok 3001 run "$KV"
  ok -1 run "$KV" --export missing
  err 'trap: .*(bounds)' run "$KV" --export bad_ptr
  ok "installed kv version 1" push "$KV"
  ok 3001 call kv run
  err 'trap: .*(bounds)' call kv bad_ptr
  ok 3001 call kv run          # a fresh instance after the trap, same device store
  # the same capsule interpreted (wcap build --engine interp): the same natives
  ok 3001 run "$EXDIR/interp/kv.wcap"
  ok -1 run "$EXDIR/interp/kv.wcap" --export missing
  err 'trap: .*(bounds)' run "$EXDIR/interp/kv.wcap" --export bad_ptr
  ok 42 run "$EXDIR/x86_64-posix/hello.wcap"
  ;;
refusals)
  start_dev
  err 'device lacks host function.*board\.gpio_write' run "$NATDIR/x86_64-posix/nogpio.wcap"
  err 'signature differs.*board\.kv_get' run "$NATDIR/x86_64-posix/oldkv.wcap"
  err 'device lacks host function.*board\.gpio_write' push "$NATDIR/x86_64-posix/nogpio.wcap"
  err 'capability not granted' push "$NATDIR/x86_64-posix/gpiocap.wcap"
  nothing_installed
  start_dev --grant log
  err 'capability not granted' run "$KV"
  err 'capability not granted' push "$KV"
  nothing_installed
  ok 42 run "$EXDIR/x86_64-posix/hello.wcap"
  ;;
*) echo "usage: $0 kv|refusals" >&2; exit 2 ;;
esac
echo "natives.wcapd.$case: ok"
