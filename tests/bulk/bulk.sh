#!/usr/bin/env bash
# bulk.wcapd: an SDK capsule's memcpy/memmove/memset are memory.copy and
# memory.fill (sdk/bulk_memory.c) and give the results C says, AOT and
# interpreted, on wcapd; a copy from beyond the memory traps.
#   bulk.sh WCAP WCAPD KEYDIR COPY.wasm WASM_OBJDUMP
set -u
WCAP=$1 WCAPD=$2 KEYDIR=$3 wasm=$4 objdump=$5
test_name=bulk.wcapd
. "$(dirname "$0")/../tools/wcapd_session.sh"
key=$KEYDIR/dev.key

case=instructions
dis=$("$objdump" -d "$wasm") || fail "$case" "wasm-objdump -d $wasm"
grep -q "memory.copy" <<<"$dis" && grep -q "memory.fill" <<<"$dis" ||
  fail "$case" "no memory.copy / memory.fill in $wasm: the SDK's bulk memcpy/memset are not linked"

want() { # N: check(N) computed as copy.c does it
  python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
def fnv(p):
    h = 2166136261
    for b in p:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h
buf = bytearray((i * 7 + 3) & 0xff for i in range(512)); out = bytearray(512)
out[0:n] = buf[0:n]
buf[10:10 + n] = bytes(buf[0:n])
buf[300:300 + n] = bytes(buf[305:305 + n])
out[n:] = b"\xa5" * (512 - n)
v = fnv(buf) ^ fnv(out)
print(v - (1 << 32) if v >= 1 << 31 else v)
PY
}

start_dev
"$WCAP" build "$wasm" --target x86_64-posix --key "$key" -o "$work/copy.wcap" >/dev/null || fail build "AOT build"
"$WCAP" build "$wasm" --engine interp --key "$key" -o "$work/copy.interp.wcap" >/dev/null || fail build "interp build"
for blob in copy copy.interp; do
  for n in 0 1 137 200; do
    case=$blob.check.$n; ok "$(want $n)" run "$work/$blob.wcap" --export check $n
  done
  case=$blob.oob; err "trap: out of bounds memory access" run "$work/$blob.wcap" --export oob 16
done
echo "bulk.wcapd: ok (memory.copy/memory.fill, AOT and interpreter)"
