#!/usr/bin/env bash
# exports.wcapd: every one of exports64.wcap's 64 exports (tests/exports/CMakeLists.txt)
# is callable through `wcap run --export NAME ARG` and, installed, through
# `wcap call exports64 NAME ARG`, with the right result, although its
# manifest lists only some of them. Also sourced by board_test.sh (case
# exports) for the expected results: exports64_expect NN prints "ARG RESULT".
#
#   exports_test.sh wcapd WCAP WCAPD KEYDIR BLOB
set -u

exports64_name() { printf 'export_with_a_long_name_%02d' "$1"; }
exports64_expect() { # NN -> "ARG RESULT" (ARG empty for the nullary ones)
  case $(($1 % 4)) in
  0) echo "7 $((7 * 1000 + $1))" ;;
  1) echo "5 $(($1 * 1000000000 + 5))" ;;
  2) echo "0.5 $1.5" ;;
  3) echo " $1" ;;
  esac
}
[ "${1:-}" = lib ] && return 0

[ $# -eq 5 ] || { echo "usage: $0 wcapd WCAP WCAPD KEYDIR BLOB" >&2; exit 2; }
W=$2 D=$3 keys=$4 blob=$5
tmp=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [exports.wcapd]: $*" >&2; tail -5 "$tmp/d.err" >&2 2>/dev/null; exit 1; }

listed=$("$W" inspect "$blob" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["exports"]))')
[ "$listed" -lt 64 ] || fail "the manifest lists all $listed exports: the test needs some unlisted"
echo "-- the manifest lists $listed of 64 exports"

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

"$W" push "$blob" --port "$port" >"$tmp/o" 2>&1 || fail "push: $(cat "$tmp/o")"
for i in $(seq 0 63); do
  name=$(exports64_name "$i")
  read -r arg want <<<"$(exports64_expect "$i")"
  [ -n "$want" ] || { want=$arg; arg=; }
  # shellcheck disable=SC2086
  got=$("$W" run "$blob" --port "$port" --export "$name" $arg 2>&1 | grep -v '^upload ' | tail -n1)
  [ "$got" = "$want" ] || fail "run --export $name $arg: '$got', want '$want'"
  # shellcheck disable=SC2086
  got=$("$W" call exports64 "$name" $arg --port "$port" 2>&1 | tail -n1)
  [ "$got" = "$want" ] || fail "call exports64 $name $arg: '$got', want '$want'"
done
echo "-- all 64 exports: run --export and call give the expected results"
echo "PASS [exports.wcapd]"
