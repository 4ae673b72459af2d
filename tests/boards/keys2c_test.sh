#!/usr/bin/env bash
# board.keys2c: the build-time key converter (targets/tools/keys2c.c).
#   keys2c_test.sh BUILD_DIR
# - two keys from `wcap keygen` -> a table of two entries whose key IDs are the
#   signer IDs `wcap inspect` reports for blobs signed with those keys;
# - a file that is not a P-256 public key -> exit 3, no output (not even a temp file);
# - an unwritable output path -> exit 4.
set -uo pipefail
build=$(cd "$1" && pwd)
W=$build/bin/wcap K2C=$build/bin/wcap-keys2c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL [keys2c]: $*" >&2; exit 1; }

for k in a b; do
  "$W" keygen --out "$tmp/$k" >/dev/null || fail "keygen $k"
  "$W" build "$build/examples/hello.wasm" --target cortex-m4 --key "$tmp/$k.key" \
      -o "$tmp/$k.wcap" >/dev/null || fail "build with key $k"
done
"$K2C" "$tmp/keys.c" "$tmp/a.pub" "$tmp/b.pub" || fail "keys2c exited $?"
grep -q 'wcap_board_n_trusted_keys = 2;' "$tmp/keys.c" || fail "not two keys: $(cat "$tmp/keys.c")"
for k in a b; do
  id=$("$W" inspect "$tmp/$k.wcap" | sed -n 's/^signer: *key id \([0-9a-f]*\).*/\1/p')
  [ ${#id} -eq 16 ] || fail "no signer id for $k"
  bytes=$(sed 's/\(..\)/0x\1, /g' <<<"$id" | sed 's/, $//')
  grep -qF -- "$bytes" "$tmp/keys.c" || fail "key id $id of $k not in the table"
done
cc -c -I "$(dirname "$0")/../../format/include" -I "$(dirname "$0")/../../loader/include" -I "$(dirname "$0")/../../runtime_lib/include" \
   -I /usr/include "$tmp/keys.c" -o "$tmp/keys.o" || fail "generated table does not compile"

echo "not a key" >"$tmp/bad.pub"
"$K2C" "$tmp/out.c" "$tmp/a.pub" "$tmp/bad.pub" 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] || fail "bad key: exit $rc, want 3"
grep -q 'bad.pub' "$tmp/err" || fail "bad key: message does not name the file: $(cat "$tmp/err")"
[ ! -e "$tmp/out.c" ] && [ ! -e "$tmp/out.c.tmp" ] || fail "bad key: output left behind"

"$K2C" "$tmp/no/such/dir/out.c" "$tmp/a.pub" 2>/dev/null
rc=$?
[ $rc -eq 4 ] || fail "unwritable output: exit $rc, want 4"
echo "PASS [keys2c]"
