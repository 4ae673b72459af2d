#!/usr/bin/env bash
# Boots the cortex-m4 firmware on QEMU mps2-an386 with UART0 on tcp:127.0.0.1:PORT.
#   targets/cortex-m4/qemu.sh PORT [--coap UDPPORT]      (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables, and:
#   WCAP_FLASH_FILE=F  keep the capsule store in file F, a QEMU STAND-IN for flash
#                      (semihosting file I/O; mps2-an386 has no file-backed flash): installed
#                      capsules and floors survive killing and restarting QEMU with
#                      the same F (docs/flash-store.md). F is created erased (all ones,
#                      256 KB) when missing and must be exactly that size.
#                      Unset: the store is in RAM as before.
here=$(cd "$(dirname "$0")" && pwd)
flash=()
if [ -n "${WCAP_FLASH_FILE:-}" ]; then
  . "$here/../common/flash-file.sh"
  path=$(wcap_flash_file 262144) || exit 3
  flash=(-semihosting-config "enable=on,target=native,arg=wcap-flash=$path")
fi
exec bash "$here/../common/qemu-run.sh" cortex-m4 "${1:-}" "${@:2}" -- qemu-system-arm -M mps2-an386 "${flash[@]}"
