/*
 * Which relocator serves a target. A board build defines
 * WCAP_LDR_NATIVE_ARCH_ONLY so only its own relocator is linked in.
 */
#include "wcap/reloc.h"


wcap_reloc_fn wcap_reloc_for_target(uint32_t target, uint32_t *stub_size)
{
    *stub_size = 0;
    switch (target) {
#if !defined(WCAP_LDR_NATIVE_ARCH_ONLY) || defined(__x86_64__)
    case WCAP_TARGET_X86_64: return wcap_reloc_x86_64;
#endif
#if !defined(WCAP_LDR_NATIVE_ARCH_ONLY) || defined(__arm__) || defined(__thumb__)
    case WCAP_TARGET_CORTEX_M4:
    case WCAP_TARGET_CORTEX_M33: *stub_size = WCAP_ARM_STUB_SIZE; return wcap_reloc_arm;
#endif
#if !defined(WCAP_LDR_NATIVE_ARCH_ONLY) || defined(__riscv)
    case WCAP_TARGET_RV32IMAC: return wcap_reloc_riscv32;
#endif
#if !defined(WCAP_LDR_NATIVE_ARCH_ONLY) || defined(__XTENSA__)
    case WCAP_TARGET_XTENSA_LX106: return wcap_reloc_xtensa;
#endif
    default: return NULL;
    }
}
