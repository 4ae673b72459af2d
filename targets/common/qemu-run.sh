#!/usr/bin/env bash
# Shared body of targets/<target>/qemu.sh: boots build/targets/<target>/firmware.elf
# in QEMU, in the foreground until killed, with the board's UART on a TCP
# server socket at 127.0.0.1:PORT (one client at a time, accepted again after a
# disconnect), so `wcap ... --port tcp:127.0.0.1:PORT` talks to it like to wcapd.
#
#   qemu-run.sh TARGET PORT [--coap UDPPORT] -- QEMU-BINARY MACHINE-ARGS...
#
# --coap UDPPORT: the board's Ethernet on QEMU's user-mode network (the board
# is 10.0.2.15, the host 10.0.2.2) with 127.0.0.1:UDPPORT on the host
# forwarded to the board's CoAP-over-DTLS port 5684 (coaps://127.0.0.1:UDPPORT)
# and 127.0.0.1:UDPPORT+1 to its plain CoAP port 5683 (docs/coap.md, "CoAP to
# the boards"). Without it the board has no network (-net none).
#
# The UART starts with `wait=off`: the board boots at once and bytes sent while
# no client is connected are dropped. Everything the UART sends is also logged
# to $WCAP_QEMU_LOG (default ${TMPDIR:-/tmp}/wcap-qemu-TARGET-PORT.log); the
# boot banner is copied from there to this script's stdout as soon as it
# appears, so callers see the same one device-info line wcapd prints.
#
# Environment:
#   WCAP_BUILD_DIR   build directory (default: <repo>/build)
#   WCAP_FIRMWARE    firmware ELF (default: $WCAP_BUILD_DIR/targets/TARGET/firmware.elf)
#   WCAP_QEMU_ICOUNT set to 1 for -icount shift=0 (one instruction = 1 ns of
#                    virtual time: deterministic timers, for measurements)
#   WCAP_QEMU_LOG    UART log file (see above)
#   WCAP_QEMU_PCAP   with --coap: every frame to and from the board is written
#                    to this pcap file (QEMU filter-dump), for tests
#   WCAP_QEMU_ELF_LOADER  set to 1 (by targets/rv32imac/qemu.sh with a flash file) to
#                    load the ELF with -device loader instead of -kernel: on virt,
#                    -kernel is handed to firmware in pflash1 once pflash1 exists
set -euo pipefail

usage() { echo "usage: targets/${tgt:-TARGET}/qemu.sh PORT [--coap UDPPORT]   (ports: 1..65535)" >&2; exit 2; }
tgt=${1:-}
[ $# -ge 2 ] || usage
target=$1 port=$2
shift 2
coap=
if [ "${1:-}" = --coap ]; then
  coap=${2:-}
  [ $# -ge 2 ] || usage
  shift 2
fi
[ $# -ge 2 ] && [ "$1" = "--" ] || usage
shift
for p in "$port" ${coap:+"$coap"}; do
  case $p in ''|*[!0-9]*) usage ;; esac
  [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || usage
done
[ -z "$coap" ] || [ "$coap" -lt 65535 ] || usage # UDPPORT+1 is forwarded too

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${WCAP_BUILD_DIR:-$root/build}
elf=${WCAP_FIRMWARE:-$build/targets/$target/firmware.elf}
log=${WCAP_QEMU_LOG:-${TMPDIR:-/tmp}/wcap-qemu-$target-$port.log}
if [ ! -f "$elf" ]; then
  echo "qemu.sh: $elf not found: build first (cmake --build build)" >&2
  exit 3
fi
command -v "$1" >/dev/null || { echo "qemu.sh: $1 not found: run scripts/setup.sh" >&2; exit 3; }

load=(-kernel "$elf")
if [ "${WCAP_QEMU_ELF_LOADER:-0}" = 1 ]; then
  load=(-device "loader,file=$elf")
fi
icount=()
if [ "${WCAP_QEMU_ICOUNT:-0}" = 1 ]; then
  icount=(-icount shift=0)
fi

: >"$log"
# Copy the banner to stdout once it is logged; gives up after 30 s or when
# QEMU (which replaces this shell: same PID, $$) is gone.
(
  for _ in $(seq 300); do
    kill -0 $$ 2>/dev/null || exit 0
    if line=$(grep -a -m1 '^wcap board ready:' "$log" 2>/dev/null); then
      printf '%s\n' "$line"
      exit 0
    fi
    sleep 0.1
  done
) &

net=(-net none)
if [ -n "$coap" ]; then
  # The board's network controller: the machine's own (MPS2: LAN9118), or on
  # rv32imac's virt a virtio-net device, modern virtio-mmio (virtio_net.c).
  nic=(-net nic,netdev=wnet)
  [ "$tgt" != rv32imac ] || nic=(-global virtio-mmio.force-legacy=false -device virtio-net-device,netdev=wnet)
  # No restrict=on: libslirp then drops the guest's UDP answers too. The
  # firmware itself sends nothing but ARP and answers (tests check the pcap).
  net=(-netdev "user,id=wnet,net=10.0.2.0/24,host=10.0.2.2,hostfwd=udp:127.0.0.1:$coap-10.0.2.15:5684,hostfwd=udp:127.0.0.1:$((coap + 1))-10.0.2.15:5683"
       "${nic[@]}")
  if [ -n "${WCAP_QEMU_PCAP:-}" ]; then
    net+=(-object "filter-dump,id=wdump,netdev=wnet,file=$WCAP_QEMU_PCAP")
  fi
fi

exec "$@" -nographic -monitor none "${net[@]}" "${icount[@]}" \
  -chardev "socket,id=uart0,host=127.0.0.1,port=$port,server=on,wait=off,nodelay=on,logfile=$log" \
  -serial chardev:uart0 \
  "${load[@]}"
