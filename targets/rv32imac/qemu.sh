#!/usr/bin/env bash
# Boots the rv32imac firmware on QEMU virt (no BIOS) with the NS16550A UART on
# tcp:127.0.0.1:PORT.
#   targets/rv32imac/qemu.sh PORT       (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables.
here=$(cd "$(dirname "$0")" && pwd)
if [ "${2:-}" = --coap ]; then
  echo "qemu.sh: rv32imac has no network driver yet (virtio-net): --coap is not available" >&2
  exit 2
fi
exec bash "$here/../common/qemu-run.sh" rv32imac "${1:-}" -- qemu-system-riscv32 -M virt -bios none
