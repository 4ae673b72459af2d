#!/usr/bin/env bash
# Boots the cortex-m4 firmware on QEMU mps2-an386 with UART0 on tcp:127.0.0.1:PORT.
#   targets/cortex-m4/qemu.sh PORT [--coap UDPPORT]      (WCAP_QEMU_ICOUNT=1 for -icount shift=0)
# See targets/common/qemu-run.sh for the environment variables.
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../common/qemu-run.sh" cortex-m4 "${1:-}" "${@:2}" -- qemu-system-arm -M mps2-an386
