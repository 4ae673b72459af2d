#!/usr/bin/env bash
# Flash/RAM of runtime_lib + loader compiled for Cortex-M4 with -Os
# (arm-none-eabi-gcc, picolibc headers), with and without the crypto
# (mbedtls sha256/bignum/ecp/ecdsa with loader/mbedtls_config_device.h) and
# nanopb. Prints `size` totals per group.  Usage: size_cortex_m4.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build}
mbed=$(ls -d "$root"/.deps/mbedtls-*/ | head -n1)
npb=$(ls -d "$root"/.deps/nanopb-*/ | head -n1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc="arm-none-eabi-gcc --specs=picolibc.specs -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
    -Os -std=c99 -ffunction-sections -fdata-sections -Wall -Wextra -Werror -Wno-unused-parameter
    -DWCAP_LDR_NATIVE_ARCH_ONLY -DMBEDTLS_CONFIG_FILE=\"mbedtls_config_device.h\"
    -I$root/runtime_lib/include -I$root/loader/include -I$root/loader/src -I$root/loader
    -I$build/proto_gen -I$npb -I${mbed}include"

group() { # name files...
  local name=$1; shift
  local objs=() f
  for f in "$@"; do
    # shellcheck disable=SC2086
    $cc -c "$f" -o "$work/$(basename "$f").o" 2>"$work/err" || {
      # third-party code is measured as is; only our own must be warning-free
      # shellcheck disable=SC2086
      $cc -Wno-error -w -c "$f" -o "$work/$(basename "$f").o"; }
    objs+=("$work/$(basename "$f").o")
  done
  arm-none-eabi-size -t "${objs[@]}" | tail -n1 |
    awk -v n="$name" '{ printf "| %s | %d | %d | %d |\n", n, $1, $2, $3 }'
}

rt=$(ls "$root"/runtime_lib/src/*.c)
ldr_core="$root/loader/src/stream.c $root/loader/src/manifest.c $root/loader/src/link.c
          $root/loader/src/finish.c $root/loader/src/restart.c $root/loader/src/arch/select.c $root/loader/src/arch/reloc_arm.c"
echo "| group (Cortex-M4, -Os) | text (flash) | data (flash+RAM) | bss (RAM) |"
echo "|---|---|---|---|"
# shellcheck disable=SC2086
group "runtime_lib" $rt
# shellcheck disable=SC2086
group "loader without crypto (arm relocator only)" $ldr_core
# shellcheck disable=SC2086
group "runtime_lib + loader without crypto" $rt $ldr_core
group "loader verify.c" "$root/loader/src/verify.c"
group "nanopb decode + manifest.pb.c" "${npb}pb_decode.c" "${npb}pb_common.c" "$build/proto_gen/manifest.pb.c"
group "mbedtls (sha256, bignum, ecp, ecp_curves, ecdsa, platform_util, constant_time)" \
  "${mbed}library/sha256.c" "${mbed}library/bignum.c" "${mbed}library/ecp.c" "${mbed}library/ecp_curves.c" \
  "${mbed}library/ecdsa.c" "${mbed}library/platform_util.c" "${mbed}library/constant_time.c"
echo
echo "Object totals: every function counted, none garbage-collected (an upper bound)."
