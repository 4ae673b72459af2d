#!/usr/bin/env bash
# Why the boards run device/coap_srv.c and not libcoap (docs/coap.md, "CoAP to
# the boards"): builds Debian's libcoap 4.3.1 for the Cortex-M4 board as far as
# it goes and prints what it costs next to the compact server.
#
#   targets/tools/measure_libcoap.sh [BUILD_DIR]
#
# libcoap's own lwIP configuration (coap_config.h.lwip, WITH_LWIP) does not
# compile for a bare-metal board without patching: libcoap.h includes
# <netinet/in.h> and <sys/socket.h> (picolibc has neither), net.c includes
# lwIP's unix tap driver <netif/tapif.h> inside a function, coap_session.c
# uses INET6_ADDRSTRLEN, and the source package has no lwIP I/O file
# (coap_io.c wants IP_PKTINFO). This script gives it empty stand-ins for those
# headers (in a temporary folder, never in the tree) and compiles the server's
# files (no DTLS glue, no I/O glue: both would come on top) with the board's
# flags, then sums the objects' sections; device/coap_srv.c's object from
# BUILD_DIR is the comparison. Object totals (no --gc-sections) on both sides.
# The Debian source is fetched into .deps/ like the others (apt-get source).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
deps=$here/.deps
src=$(ls -d "$deps"/libcoap*-4.3.1* 2>/dev/null | head -n1 || true)
if [ -z "$src" ]; then
  (cd "$deps" && apt-get source -q --download-only libcoap3 >/dev/null 2>&1 &&
   dpkg-source -x --no-check "$(ls libcoap3_*.dsc | head -n1)" >/dev/null) || {
    echo "measure_libcoap.sh: cannot fetch Debian's libcoap3 source (deb-src: scripts/setup.sh)" >&2; exit 2; }
  src=$(ls -d "$deps"/libcoap*-4.3.1* | head -n1)
fi
lwip=$(ls -d "$deps"/lwip-*/ | head -n1)src/include
mbed=$(ls -d "$deps"/mbedtls-*/ | head -n1)include
net=$here/targets/common/net
ours=$(find "$build/targets/cortex-m4" -name 'coap_srv.c.obj' | head -n1)
[ -n "$ours" ] || { echo "measure_libcoap.sh: no cortex-m4 coap_srv.c.obj under $build (build first)" >&2; exit 2; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/standin/netinet" "$tmp/standin/sys" "$tmp/standin/netif" "$tmp/inc/coap3" "$tmp/obj"
: >"$tmp/standin/netinet/in.h"; : >"$tmp/standin/sys/socket.h"
echo 'struct netif; int tapif_select(struct netif *n);' >"$tmp/standin/netif/tapif.h"
cp "$src/coap_config.h.lwip" "$tmp/standin/coap_config.h"
sed -e 's/@LIBCOAP_API_VERSION@/3/' -e 's/@LIBCOAP_VERSION@/4003001/' -e 's/@PACKAGE_[A-Z]*@//' \
  "$src/include/coap3/coap.h.in" >"$tmp/inc/coap3/coap.h"

files="block coap_address coap_async coap_cache coap_debug coap_event coap_hashkey coap_option coap_session
       coap_subscribe coap_time encode mem net pdu resource str uri"
for f in $files; do
  arm-none-eabi-gcc --specs=picolibc.specs -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard \
    -Os -ffunction-sections -fdata-sections -w \
    -I"$tmp/standin" -I"$tmp/inc" -I"$src/include" -I"$src/include/coap3" -I"$lwip" -I"$net" -I"$net/arch" -I"$mbed" \
    -DMEMP_USE_CUSTOM_POOLS=1 -DINET6_ADDRSTRLEN=46 -include stdlib.h \
    -c "$src/src/$f.c" -o "$tmp/obj/$f.o" ||
    { echo "measure_libcoap.sh: $f.c does not compile even with the stand-ins" >&2; exit 1; }
done
read -r text data bss _ < <(arm-none-eabi-size -t "$tmp"/obj/*.o | tail -n1)
read -r otext odata obss _ < <(arm-none-eabi-size "$ours" | tail -n1)
echo "libcoap 4.3.1 server files ($(echo $files | wc -w) objects, no DTLS or I/O glue): flash $((text + data)) B, static RAM $((data + bss)) B (+ lwIP pools of lwippools.h)"
echo "device/coap_srv.c: flash $((otext + odata)) B, static RAM $((odata + obss)) B (its context is the caller's: wcap_coap_srv_t)"
