# mps2-an386 firmware: Cortex-M4F, hard-float ABI like the capsules
# (compiler: --target=thumbv7em-none-eabihf -mfpu=fpv4-sp-d16), short enums
# (gcc's arm-none-eabi default; capsules use clang -fshort-enums).
set(WCAP_FW_CPU_FLAGS -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard)
set(WCAP_FW_BOARD_DIR ${WCAP_ROOT}/targets/cortex-m4)
include(${WCAP_ROOT}/targets/common/cortex_m/mps2.cmake)
# Load benchmark: where measure_load.sh has QEMU place the blob (outside the 256 KB RAM budget).
set(WCAP_FW_BENCH_BLOB_ADDR 0x20200000)
