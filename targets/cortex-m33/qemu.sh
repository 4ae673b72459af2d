#!/usr/bin/env bash
# Boots the cortex-m33 firmware on QEMU mps2-an505 with UART0 on tcp:127.0.0.1:PORT.
#   targets/cortex-m33/qemu.sh PORT [--coap UDPPORT]     (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables.
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../common/qemu-run.sh" cortex-m33 "${1:-}" "${@:2}" -- qemu-system-arm -M mps2-an505
