# QEMU virt (rv32imac, ilp32 soft-float, medany code model like the capsules:
# compiler --target=riscv32-unknown-elf -march=rv32imac -mabi=ilp32 -mcmodel=medany).
# ISA flags come from targets/cmake/riscv32-elf.cmake.
set(WCAP_FW_CPU_FLAGS "")
set(WCAP_FW_BOARD_DIR ${WCAP_ROOT}/targets/rv32imac)
set(WCAP_FW_BOARD_SRCS
    ${WCAP_ROOT}/targets/rv32imac/start.S
    ${WCAP_ROOT}/targets/rv32imac/trap.c
    ${WCAP_ROOT}/targets/rv32imac/timer.c
    ${WCAP_ROOT}/targets/rv32imac/uart.c
    ${WCAP_ROOT}/targets/rv32imac/board.c)
# Host file I/O by semihosting, for the QEMU test firmware (specrunner.elf).
set(WCAP_FW_SEMIHOST_IO ${WCAP_ROOT}/targets/common/semihost_io.c)
set(WCAP_FW_BOARD_INCLUDES "")
set(WCAP_FW_ARENA_SIZE 131072)
# Load benchmark: where measure_load.sh has QEMU place the blob (outside the RAM budget).
set(WCAP_FW_BENCH_BLOB_ADDR 0x80200000)
# The capsule store's flash: QEMU virt's pflash1 (WCAP_FLASH_FILE=F for qemu.sh).
set(WCAP_FW_BOARD_FLASH ${WCAP_ROOT}/targets/rv32imac/pflash.c)
# Ethernet: virtio-net on virt's virtio-mmio transport (targets/rv32imac/virtio_net.c;
# qemu.sh --coap attaches the device).
set(WCAP_FW_ETH_DRIVER ${WCAP_ROOT}/targets/rv32imac/virtio_net.c)
