# mps2-an505 firmware: Cortex-M33 (Secure state), hard-float ABI like the capsules
# (compiler: --target=thumbv8m.main-none-eabihf -mfpu=fpv5-sp-d16), short enums
# (gcc's arm-none-eabi default; capsules use clang -fshort-enums).
set(WCAP_FW_CPU_FLAGS -mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard)
set(WCAP_FW_BOARD_DIR ${WCAP_ROOT}/targets/cortex-m33)
include(${WCAP_ROOT}/targets/common/cortex_m/mps2.cmake)
# Load benchmark: where measure_load.sh has QEMU place the blob (Secure alias, outside the RAM budget).
set(WCAP_FW_BENCH_BLOB_ADDR 0x38100000)
