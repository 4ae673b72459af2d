#!/usr/bin/env bash
# Boots the rv32imac firmware on QEMU virt (no BIOS) with the NS16550A UART on
# tcp:127.0.0.1:PORT.
#   targets/rv32imac/qemu.sh PORT [--coap UDPPORT]      (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# --coap: a virtio-net device (modern virtio-mmio) on QEMU's user-mode network,
# as the MPS2 boards' Ethernet (targets/common/qemu-run.sh).
# See targets/common/qemu-run.sh for the environment variables, and:
#   WCAP_FLASH_FILE=F  back virt's second CFI flash (pflash1, 32 MB) with file F:
#                      the board keeps its capsule store there, so installed
#                      capsules and their floors survive killing and restarting
#                      QEMU with the same F (docs/flash-store.md). F is created
#                      erased (all ones) when missing; an existing F must be
#                      exactly 32 MB. Unset: the store is in RAM as before.
here=$(cd "$(dirname "$0")" && pwd)
flash=()
if [ -n "${WCAP_FLASH_FILE:-}" ]; then
  . "$here/../common/flash-file.sh"
  path=$(wcap_flash_file 33554432) || exit 3
  # pflash1: with pflash0, virt's reset code would jump into the flash; with
  # pflash1, -kernel goes to firmware there, so the ELF is loaded as a blob.
  flash=(-drive "if=pflash,format=raw,unit=1,file=$path")
  export WCAP_QEMU_ELF_LOADER=1
fi
exec bash "$here/../common/qemu-run.sh" rv32imac "${1:-}" "${@:2}" -- qemu-system-riscv32 -M virt -bios none "${flash[@]}"
