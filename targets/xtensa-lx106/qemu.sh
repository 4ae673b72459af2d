#!/usr/bin/env bash
# Boots the xtensa-lx106 firmware on QEMU's Xtensa FPGA board (lx60-nommu,
# LX106 core) with its 16550 UART on tcp:127.0.0.1:PORT.
#   targets/xtensa-lx106/qemu.sh PORT   (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables.
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../common/qemu-run.sh" xtensa-lx106 "${1:-}" -- qemu-system-xtensa -M lx60-nommu -cpu lx106
