# QEMU lx60-nommu with an LX106 core (call0 ABI, soft float, like the capsules:
# host/compiler/targets.def). Flags come from targets/cmake/xtensa-lx106-elf.cmake.
set(WCAP_FW_CPU_FLAGS "")
set(WCAP_FW_BOARD_DIR ${WCAP_ROOT}/targets/xtensa-lx106)
set(WCAP_FW_BOARD_SRCS
    ${WCAP_ROOT}/targets/xtensa-lx106/start.S
    ${WCAP_ROOT}/targets/xtensa-lx106/trap.c
    ${WCAP_ROOT}/targets/xtensa-lx106/timer.c
    ${WCAP_ROOT}/targets/xtensa-lx106/uart.c
    ${WCAP_ROOT}/targets/xtensa-lx106/board.c)
# Host file I/O by semihosting, for the QEMU test firmware (specrunner.elf).
set(WCAP_FW_SEMIHOST_IO ${WCAP_ROOT}/targets/xtensa-lx106/semihost_io.c)
set(WCAP_FW_BOARD_INCLUDES "")
set(WCAP_FW_ARENA_SIZE 131072)
# Load benchmark: where measure_load.sh has QEMU place the blob (outside the RAM budget).
set(WCAP_FW_BENCH_BLOB_ADDR 0x60200000)
# The libgcc routines Debian's lx106 libgcc lacks, built from gcc-12-source
# (libgcc/libgcc.cmake, included once the firmware's flags are set).
set(WCAP_FW_BOARD_LIBS_FILE ${WCAP_ROOT}/targets/xtensa-lx106/libgcc/libgcc.cmake)
set(WCAP_FW_BOARD_LIBS fw_libgcc)
