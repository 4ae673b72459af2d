#!/usr/bin/env bash
# wasi.*: ordinary C with wasi-libc on wcapd (tests/wasi/CMakeLists.txt says
# what each case covers).
#
#   wasi_wcapd.sh printf|caps|hostile|refused   (environment: WCAP WCAPD KEYDIR WASIDIR)
set -u
: "${WASIDIR:?}"
test_name=wasi.wcapd
[ "${1:-}" = refused ] && test_name=wasi
# work, start_dev, w, ok, err, fail, note, nothing_installed
source "$(dirname "$0")/../tools/wcapd_session.sh"

blob() { echo "$WASIDIR/${2:-x86_64-posix}/wasi_$1.wcap"; }
# out_is TEXT CMD...: w, the whole output (upload progress left out) must be TEXT
out_is() {
  local want=$1; shift
  w "$@"
  [ "$(grep -v '^upload ' "$work/out")" = "$want" ] || fail "$case" "wcap $*: rc $rc, output differs from:"$'\n'"$want"
}
# a trap: exit code 15 (WCAPC_EXIT_TRAP)
traps() { [ "$rc" -eq 15 ] || fail "$case" "exit code $rc, want 15 (trap)"; }
runs() { [ "$rc" -eq 0 ] || fail "$case" "exit code $rc, want 0"; }

case=$1
case $case in
printf)
  start_dev
  for eng in x86_64-posix interp; do
    out_is "hello 42 from printf
a line in three pieces
to stderr: No such file or directory
no newline at the end" run "$(blob printf $eng)"
    runs
    out_is "before exit(0)" run "$(blob exit0 $eng)"
    runs
    out_is "before exit(3)
trap: exit(3)" run "$(blob exit3 $eng)"
    traps
    out_is "before abort
trap: unreachable executed" run "$(blob abort $eng)"
    traps
    w run "$(blob assert $eng)"
    traps
    grep -v '^upload ' "$work/out" | tr '\n' '|' |
      grep -Eqx 'before assert\|Assertion failed: argc == 1 \(.*wasi_cases\.c: main: [0-9]+\)\|trap: unreachable executed\|' ||
      fail "$case" "assert: unexpected output"
    note "$eng: printf, exit(0), exit(3), abort, assert"
  done
  # installed: exit(3) is a trap like any other (the capsule is restarted), exit(0) a result
  ok "installed wasi_exit3 version 1" push "$(blob exit3)"
  out_is "before exit(3)
trap: exit(3) (capsule restarted)" call wasi_exit3 _start
  traps
  ok "installed wasi_exit0 version 1" push "$(blob exit0)"
  out_is "before exit(0)" call wasi_exit0 _start
  runs
  out_is "before exit(0)" call wasi_exit0 _start
  runs
  note "installed: exit(3) restarts the capsule, exit(0) returns (twice)"
  ;;
caps)
  start_dev
  for eng in x86_64-posix interp; do
    ok "args 0, HOME unset, clock ok, random ok" run "$(blob clock $eng)"
  done
  start_dev --grant log
  err 'capability not granted' run "$(blob clock)"
  ok "no newline at the end" run "$(blob printf)" # log alone is enough for printf
  ;;
hostile)
  start_dev
  for eng in x86_64-posix interp; do
    b=$(blob hostile $eng)
    for e in buf_oob buf_wrap iovs_oob nwritten_oob huge_len clock_oob; do
      out_is "trap: out of bounds memory access" run "$b" --export "$e" # and no LEAK line before it
      traps
    done
    ok 28 run "$b" --export many_iovs # EINVAL
    ok 8 run "$b" --export bad_fd     # EBADF
    ok "hostile: call an export" run "$b" --export _start
    note "$eng: every hostile pointer trapped before any output"
  done
  ;;
refused)
  out=$work/r.wcap
  "$WCAP" build "$WASIDIR/wasi_refused.wasm" --target x86_64-posix --key "$KEYDIR/dev.key" -o "$out" >"$work/out" 2>&1
  rc=$?
  [ "$rc" -eq 5 ] || fail "$case" "wcap build of a capsule using fopen: exit $rc, want 5 (import refused)"
  [ "$(grep -c '^wcap: error:' "$work/out")" -eq 1 ] || fail "$case" "want exactly one error line"
  grep -q "^wcap: error: import 'wasi_snapshot_preview1'\.'[a-z_]*' (function) is not allowed: this WASI function is not in wcap's subset" "$work/out" ||
    fail "$case" "the refusal does not name the WASI import"
  for f in fd_write fd_fdstat_get fd_seek fd_close clock_time_get random_get proc_exit args_sizes_get args_get \
           environ_sizes_get environ_get; do
    grep -q "wasi_snapshot_preview1\.$f(" "$work/out" || fail "$case" "the refusal does not list $f"
  done
  [ ! -e "$out" ] || fail "$case" "a blob was written"
  note "refused: $(cut -c1-160 "$work/out")..."
  # the capability gate at build time: clock_time_get needs time
  "$WCAP" build "$WASIDIR/wasi_clock.wasm" --target x86_64-posix --key "$KEYDIR/dev.key" -o "$out" --cap log,random \
    >"$work/out" 2>&1
  rc=$?
  [ "$rc" -eq 5 ] && grep -q "needs capability 'time'" "$work/out" ||
    fail "$case" "--cap log,random for a capsule calling clock_gettime: exit $rc"
  note "refused: $(cat "$work/out")"
  ;;
*) echo "usage: $0 printf|caps|hostile|refused" >&2; exit 2 ;;
esac
echo "$test_name.$case: ok"
