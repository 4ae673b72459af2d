# What the two MPS2 boards (cortex-m4: mps2-an386, cortex-m33: mps2-an505)
# share: the Cortex-M startup, fault and SysTick code, the CMSDK UART, the
# board glue and the capsule arena. Included by targets/<board>/board.cmake
# after it has set WCAP_FW_CPU_FLAGS and WCAP_FW_BOARD_DIR.
set(WCAP_FW_BOARD_SRCS
    ${WCAP_ROOT}/targets/common/cortex_m/startup.c
    ${WCAP_ROOT}/targets/common/cortex_m/fault.c
    ${WCAP_ROOT}/targets/common/cortex_m/systick.c
    ${WCAP_ROOT}/targets/common/cortex_m/cmsdk_uart.c
    ${WCAP_ROOT}/targets/common/cortex_m/mps2.c)
# Host file I/O by semihosting, for the QEMU test firmware (specrunner.elf).
set(WCAP_FW_SEMIHOST_IO ${WCAP_ROOT}/targets/common/semihost_io.c)
set(WCAP_FW_BOARD_INCLUDES ${WCAP_ROOT}/targets/common/cortex_m)
set(WCAP_FW_ARENA_SIZE 131072)
# The vector table overrides one entry of a range initialiser on purpose.
set_source_files_properties(${WCAP_ROOT}/targets/common/cortex_m/startup.c
                            PROPERTIES COMPILE_OPTIONS -Wno-override-init)
# Both boards' Ethernet: an SMSC LAN9118-family controller (targets/common/net/lan9118.c,
# base address WCAP_NET_ETH_BASE in board_config.h).
set(WCAP_FW_ETH_DRIVER ${WCAP_ROOT}/targets/common/net/lan9118.c)
# The capsule store's flash: the QEMU stand-in on a semihosting file
# (WCAP_FLASH_FILE=F for qemu.sh; docs/flash-store.md).
set(WCAP_FW_BOARD_FLASH ${WCAP_ROOT}/targets/common/cortex_m/semihost_flash.c)
