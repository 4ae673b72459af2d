#!/usr/bin/env bash
# install.data_missing: an installation whose data directory is gone, or a
# WCAP_DATA_DIR that points nowhere, fails `wcap build` with exit 8 and one
# message naming both places and the fix; WCAP_DATA_DIR pointing at a real data
# directory makes a moved executable work again.
#   data_missing.sh WCAP DATA_DIR WASM KEY WORK_DIR
set -u
wcap=$1 data=$2 wasm=$3 key=$4 work=$5
mkdir -p "$work"
tmp=$(mktemp -d "$work/data_missing.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$tmp/err" 2>/dev/null; exit 1; }

# An installation without share/wcap: P/bin/wcap alone.
mkdir -p "$tmp/p/bin"
cp "$wcap" "$tmp/p/bin/wcap"
env -u WCAP_DATA_DIR "$tmp/p/bin/wcap" build "$wasm" --target cortex-m4 --key "$key" -o "$tmp/out.wcap" 2>"$tmp/err"
rc=$?
[ "$rc" = 8 ] || fail "exit $rc without a data directory, expected 8"
grep -q "data directory is missing: $tmp/p/share/wcap" "$tmp/err" || fail "the message does not name $tmp/p/share/wcap"
grep -q "WCAP_DATA_DIR" "$tmp/err" || fail "the message does not name WCAP_DATA_DIR"
grep -q "reinstall wcap" "$tmp/err" || fail "the message does not name the fix"
[ "$(grep -c . "$tmp/err")" = 1 ] || fail "more than one line"
[ ! -e "$tmp/out.wcap" ] || fail "an output was written"
# --version still answers, and says what is missing.
"$tmp/p/bin/wcap" --version >"$tmp/err" 2>&1 || fail "--version failed without a data directory"
grep -q "^data directory: missing" "$tmp/err" || fail "--version does not say the data directory is missing"

# WCAP_DATA_DIR pointing nowhere: named in the message, same exit code.
WCAP_DATA_DIR=$tmp/nowhere "$tmp/p/bin/wcap" build "$wasm" --target cortex-m4 --key "$key" -o "$tmp/out.wcap" 2>"$tmp/err"
rc=$?
[ "$rc" = 8 ] || fail "exit $rc with a bad WCAP_DATA_DIR, expected 8"
grep -q "WCAP_DATA_DIR=$tmp/nowhere is not a wcap data directory" "$tmp/err" || fail "the bad WCAP_DATA_DIR is not named"

# A data directory with its headers gone (a corrupt installation).
mkdir -p "$tmp/p/share/wcap/runtime_lib/include"
env -u WCAP_DATA_DIR "$tmp/p/bin/wcap" build "$wasm" --target cortex-m4 --key "$key" -o "$tmp/out.wcap" 2>"$tmp/err"
rc=$?
[ "$rc" = 8 ] || fail "exit $rc with an empty data directory, expected 8"

# The interpreter engine needs no headers: it still builds.
env -u WCAP_DATA_DIR "$tmp/p/bin/wcap" build "$wasm" --engine interp --key "$key" -o "$tmp/interp.wcap" 2>"$tmp/err" ||
  fail "--engine interp needs no data directory"

# WCAP_DATA_DIR at a real data directory: the moved executable works.
WCAP_DATA_DIR=$data "$tmp/p/bin/wcap" build "$wasm" --target cortex-m4 --key "$key" -o "$tmp/out.wcap" 2>"$tmp/err" ||
  fail "WCAP_DATA_DIR=$data does not work"
[ -s "$tmp/out.wcap" ] || fail "no output"
echo "PASS install.data_missing"
