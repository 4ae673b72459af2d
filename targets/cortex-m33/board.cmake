# mps2-an505 firmware: Cortex-M33 (Secure state), hard-float ABI like the capsules
# (compiler: --target=thumbv8m.main-none-eabihf -mfpu=fpv5-sp-d16), short enums
# (gcc's arm-none-eabi default; capsules use clang -fshort-enums).
set(WCAP_FW_CPU_FLAGS -mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard)
set(WCAP_FW_BOARD_DIR ${WCAP_ROOT}/targets/cortex-m33)
set(WCAP_FW_BOARD_SRCS
    ${WCAP_ROOT}/targets/common/cortex_m/startup.c
    ${WCAP_ROOT}/targets/common/cortex_m/fault.c
    ${WCAP_ROOT}/targets/common/cortex_m/systick.c
    ${WCAP_ROOT}/targets/common/cortex_m/cmsdk_uart.c
    ${WCAP_ROOT}/targets/common/cortex_m/mps2.c)
set(WCAP_FW_BOARD_INCLUDES ${WCAP_ROOT}/targets/common/cortex_m)
set(WCAP_FW_ARENA_SIZE 131072)
# The vector table overrides one entry of a range initialiser on purpose.
set_source_files_properties(${WCAP_ROOT}/targets/common/cortex_m/startup.c
                            PROPERTIES COMPILE_OPTIONS -Wno-override-init)
# Load benchmark: where measure_load.sh has QEMU place the blob (Secure alias, outside the RAM budget).
set(WCAP_FW_BENCH_BLOB_ADDR 0x38100000)
