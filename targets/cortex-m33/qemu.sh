#!/usr/bin/env bash
# Boots the cortex-m33 firmware on QEMU mps2-an505 with UART0 on tcp:127.0.0.1:PORT.
#   targets/cortex-m33/qemu.sh PORT      (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables, and:
#   WCAP_FLASH_FILE=F  keep the capsule store in file F, a QEMU STAND-IN for flash
#                      (semihosting file I/O; mps2-an505 has no file-backed flash): installed
#                      capsules and floors survive killing and restarting QEMU with
#                      the same F (docs/flash-store.md). F is created erased (all ones,
#                      256 KB) when missing and must be exactly that size.
#                      Unset: the store is in RAM as before.
here=$(cd "$(dirname "$0")" && pwd)
flash=()
if [ -n "${WCAP_FLASH_FILE:-}" ]; then
  size=262144
  if [ ! -e "$WCAP_FLASH_FILE" ]; then
    head -c "$size" /dev/zero | tr '\0' '\377' >"$WCAP_FLASH_FILE.tmp" &&
      mv "$WCAP_FLASH_FILE.tmp" "$WCAP_FLASH_FILE" ||
      { echo "qemu.sh: cannot create $WCAP_FLASH_FILE" >&2; exit 3; }
  fi
  if [ "$(stat -c %s "$WCAP_FLASH_FILE" 2>/dev/null)" != "$size" ]; then
    echo "qemu.sh: $WCAP_FLASH_FILE must be exactly $size bytes" >&2
    exit 3
  fi
  case $WCAP_FLASH_FILE in
    *,*) echo "qemu.sh: WCAP_FLASH_FILE must not contain a comma (QEMU option syntax)" >&2; exit 3 ;;
  esac
  flash=(-semihosting-config "enable=on,target=native,arg=wcap-flash=$(realpath "$WCAP_FLASH_FILE")")
fi
exec bash "$here/../common/qemu-run.sh" cortex-m33 "${1:-}" -- qemu-system-arm -M mps2-an505 "${flash[@]}"
