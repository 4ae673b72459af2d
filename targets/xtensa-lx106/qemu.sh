#!/usr/bin/env bash
# Boots the xtensa-lx106 firmware on QEMU's Xtensa FPGA board (lx60-nommu,
# LX106 core) with its 16550 UART on tcp:127.0.0.1:PORT.
#   targets/xtensa-lx106/qemu.sh PORT   (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables.
here=$(cd "$(dirname "$0")" && pwd)
if [ "${2:-}" = --coap ]; then
  echo "qemu.sh: xtensa-lx106 has no network driver yet: --coap is not available" >&2
  exit 2
fi
if [ -n "${WCAP_FLASH_FILE:-}" ]; then
  echo "qemu.sh: xtensa-lx106 has no flash driver yet: unset WCAP_FLASH_FILE (the store is in RAM)" >&2
  exit 3
fi
exec bash "$here/../common/qemu-run.sh" xtensa-lx106 "${1:-}" -- qemu-system-xtensa -M lx60-nommu -cpu lx106
