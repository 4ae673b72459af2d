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
: "${NATDIR:?}" "${EXDIR:?}"
test_name=natives.wcapd
# work, start_dev, w, ok, err, fail, note, nothing_installed
source "$(dirname "$0")/../tools/wcapd_session.sh"

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
