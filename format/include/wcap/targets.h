/*
 * Target IDs, names and architectures, generated from wcap/target_ids.def.
 * Portable C99; shared by the packager, the host tools and the devices.
 */
#ifndef WCAP_TARGETS_H
#define WCAP_TARGETS_H

#include <stdint.h>

/* Architecture masks (symbols.def says which symbols each exports). */
#define WCAP_ARCH_X86_64 1u
#define WCAP_ARCH_ARM 2u
#define WCAP_ARCH_RV32 4u
#define WCAP_ARCH_XTENSA 8u
#define WCAP_ARCH_ALL 15u
/* The soft-float and 64-bit libgcc helpers both 32-bit GCC-ABI targets share
 * (symbols.def needs one token per line). */
#define WCAP_ARCH_RV32_XTENSA (WCAP_ARCH_RV32 | WCAP_ARCH_XTENSA)

/* manifest.target; 0 (NONE) is a portable blob, for the interpreter. */
enum wcap_target_id {
    WCAP_TARGET_NONE = 0,
#define WCAP_TARGET_ID(suffix, id, name, arch) WCAP_TARGET_##suffix = id,
#include "wcap/target_ids.def"
#undef WCAP_TARGET_ID
    WCAP_TARGET_ID_END
};

/* The name of target `id` ("cortex-m4"), or NULL when it is not one. */
const char *wcap_target_name(uint32_t id);

/* The ID of the target called `name`, or WCAP_TARGET_NONE when there is none. */
uint32_t wcap_target_by_name(const char *name);

/* The WCAP_ARCH_* mask of target `id`, or 0 when it is not one. */
uint32_t wcap_target_arch(uint32_t id);

#endif /* WCAP_TARGETS_H */
