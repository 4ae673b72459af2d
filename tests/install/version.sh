#!/usr/bin/env bash
# cli.version: `wcap --version` and `wcapd --version` exit 0 and print
# "TOOL VERSION (git COMMIT)" with the project's version; wcap also names the
# wasm2c it found and its data directory.
#   version.sh WCAP WCAPD VERSION
set -u
wcap=$1 wcapd=$2 version=$3
fail() { echo "FAIL: $*"; exit 1; }
out=$("$wcap" --version) || fail "wcap --version exited $?"
echo "$out"
line1=$(printf '%s\n' "$out" | head -n1)
[[ "$line1" =~ ^wcap\ ${version//./\\.}\ \(git\ ([0-9a-f]{7,40}(-dirty)?|unknown)\)$ ]] || fail "wcap --version: '$line1'"
printf '%s\n' "$out" | grep -q '^wasm2c 1\.0\.32 ' || fail "wcap --version does not name wasm2c 1.0.32"
printf '%s\n' "$out" | grep -q '^data directory: /' || fail "wcap --version does not name the data directory"
out=$("$wcapd" --version) || fail "wcapd --version exited $?"
echo "$out"
[[ "$out" =~ ^wcapd\ ${version//./\\.}\ \(git\ ([0-9a-f]{7,40}(-dirty)?|unknown)\)$ ]] || fail "wcapd --version: '$out'"
"$wcap" --help | grep -q -- "--version" || fail "wcap --help does not mention --version"
echo "PASS cli.version"
