#!/usr/bin/env bash
# Measures what the loop check (interrupt poll at every wasm loop head) and
# the stack check (SP compare in every function prologue) cost, in executed
# instructions (callgrind), on loop-heavy capsules. Builds each capsule's C
# with `wcap build --keep-temps`, then compiles four variants by hand:
# both checks, no loop check, no stack check, neither.
#   tests/runtime/measure/measure_checks.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wcap=$build/bin/wcap
key=$build/keys/dev.key
[ -f "$key" ] || { "$wcap" keygen --out "$work/k" >/dev/null; key=$work/k.key; }
cflags="-O2 -fno-plt -DNDEBUG -w -I$root/runtime_lib/include -I$root/loader/include"
libs="$build/runtime_lib/libwcap_runtime.a $build/runtime_lib/libwcap_port_posix.a -lm -lrt"

irefs() { # binary args... -> instructions executed (callgrind)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *//p'
}

measure() { # name wasm export repeat args...
  local name=$1 wasm=$2 exp=$3 rep=$4; shift 4
  "$wcap" build "$wasm" --target x86_64-posix --key "$key" -o "$work/$name.wcap" \
      --keep-temps "$work/$name" >/dev/null
  local v variants=("both:" "no_loop:-DWCAP_LOOP_CHECK()=do{}while(0)"
                    "no_stack:-DWCAP_FUNC_PROLOGUE=" "none:-DWCAP_LOOP_CHECK()=do{}while(0) -DWCAP_FUNC_PROLOGUE=")
  local both=0 no_loop=0 no_stack=0 none=0 base run
  for v in "${variants[@]}"; do
    local tag=${v%%:*} defs=${v#*:}
    # shellcheck disable=SC2086
    clang-14 $cflags $defs -I"$work/$name" -include "$work/$name/prelude.h" -c "$work/$name/unit.c" \
        -o "$work/$name.$tag.o"
    clang-14 $cflags "$here/harness.c" "$work/$name.$tag.o" $libs -o "$work/$name.$tag"
    base=$(irefs "$work/$name.$tag" "$exp" "$rep" "$@")
    run=$(irefs "$work/$name.$tag" "$exp" $((rep * 2)) "$@")
    printf -v "$tag" '%d' $((run - base))
  done
  awk -v n="$name" -v b="$both" -v l="$no_loop" -v s="$no_stack" -v z="$none" 'BEGIN {
    printf "| %s | %d | %d | %d | %d | %+.1f%% | %+.1f%% | %+.1f%% |\n", n, z, l, s, b,
           100*(s-z)/z, 100*(l-z)/z, 100*(b-z)/z }'
}

echo "| capsule / export (5 calls) | no checks (Ir) | stack check only | loop check only | both | loop check | stack check | both |"
echo "|---|---|---|---|---|---|---|---|"
wat2wasm "$here/loops.wat" -o "$work/loops.wasm"
measure "loops.run(200)" "$work/loops.wasm" run 5 200
if [ -f "$build/examples/compute.wasm" ]; then
  measure "compute.crc32(65536)" "$build/examples/compute.wasm" crc32 5 65536 1
fi
