/*
 * The target table (targets.def).
 */
#ifndef WCAPC_TARGETS_H
#define WCAPC_TARGETS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pack.h"

typedef struct {
    const char *name;
    uint32_t id;   /* enum wcap_target_id */
    uint32_t arch; /* WCAP_ARCH_* */
    int elf_machine, elf_class;
    const wcapc_packer_t *packer;
    uint32_t stub_size;
    uint32_t default_stack;
    uint32_t board_ram;       /* capsule RAM of the reference board; 0: none (wcapd: --ram) */
    const char *libc_include; /* NULL: host headers */
    const char *cflags;
    const char *cc; /* the C compiler; NULL: clang-14 */
} wcapc_target_t;

/* NULL when unknown. */
const wcapc_target_t *wcapc_target_find(const char *name);
const wcapc_target_t *wcapc_target_by_id(uint32_t id);
/* Whether `wcap build` makes loop-level bounds checks for t (docs/toolchain.md
 * "Loops"): on the 32-bit cores compiled by clang, where they measured
 * faster. Not on the Xtensa gcc (with the copies made in the C: geomean
 * 1.76x -> 1.75x of native, but lz 1.34x -> 1.52x and strsearch 2.39x ->
 * 2.58x); not on x86_64, where the unchecked copy zero-extends every 32-bit
 * address, which clang's own hoisting in the checked loop did not need
 * (crc32 0.93x -> 1.07x; geomean 1.35x -> 1.34x). */
int wcapc_target_loop_checks(const wcapc_target_t *t);
/* "x86_64-posix, cortex-m4, ..." */
void wcapc_targets_print(FILE *out, const char *sep);
/* The same list into a buffer (truncated to cap). */
void wcapc_targets_join(char *out, size_t cap, const char *sep);

#endif /* WCAPC_TARGETS_H */
