#!/usr/bin/env bash
# preempt.wcapd: the hostile capsules (tests/preempt/hostile.c, 100 ms budget)
# installed on a real wcapd (posix port, serial protocol over TCP) and called
# through `wcap call`: each ends in "time budget exceeded", the capsule keeps
# working, and the device keeps serving. wcapd is always killed on exit.
#
#   wcapd_preempt.sh WCAP WCAPD KEYDIR BLOB
set -u
[ $# -eq 4 ] || { echo "usage: $0 WCAP WCAPD KEYDIR BLOB" >&2; exit 2; }
W=$1 D=$2 keys=$3 blob=$4
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [preempt.wcapd]: $*" >&2; cat "$tmp/d.err" >&2 2>/dev/null; exit 1; }

export WCAP_IDENTITY=dev-admin WCAP_PSK_FILE=$keys/dev-admin.psk
"$D" --serial tcp:127.0.0.1:0 --trust "$keys/dev.pub" --clients "$keys/clients.txt" --store "$tmp/store" >"$tmp/d.out" 2>"$tmp/d.err" &
pid=$!
for _ in $(seq 200); do
  grep -q '^wcapd ready' "$tmp/d.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "wcapd exited"
  sleep 0.05
done
port=$(sed -n 's/.* port=\(tcp:[^ ]*\).*/\1/p' "$tmp/d.out")
[ -n "$port" ] || fail "wcapd did not become ready"

dev() { out=$(timeout 30 "$W" "$@" --port "$port" 2>&1); rc=$?; }

dev push "$blob"
[ "$rc" -eq 0 ] || fail "push: $out"
for export in spin host_spin tail_recurse indirect_spin float_spin; do
  t0=$(date +%s%N)
  dev call hostile "$export"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ "$rc" -ne 0 ] && grep -q '^trap: time budget exceeded' <<<"$out" || fail "$export: rc=$rc '$out'"
  [ "$ms" -lt 3000 ] || fail "$export: the 100 ms budget ended after $ms ms"
  echo "-- $export -> trap: time budget exceeded ($ms ms round trip, budget 100 ms)"
  dev call hostile ok
  [ "$rc" -eq 0 ] && [ "$(tail -n1 <<<"$out")" = 4321 ] || fail "ok after $export: rc=$rc '$out'"
done
dev info
[ "$rc" -eq 0 ] || fail "info: $out"
kill -0 "$pid" 2>/dev/null || fail "wcapd died"
echo "PASS [preempt.wcapd]"
