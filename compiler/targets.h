/*
 * The target table (targets.def).
 */
#ifndef WCAPC_TARGETS_H
#define WCAPC_TARGETS_H

#include <stdint.h>
#include <stdio.h>

#include "pack.h"

typedef struct {
    const char           *name;
    uint32_t              id;            /* enum wcap_target_id */
    uint32_t              arch;          /* WCAP_ARCH_* */
    int                   elf_machine, elf_class;
    const wcapc_packer_t *packer;
    uint32_t              stub_size;
    uint32_t              default_stack;
    const char           *libc_include;  /* NULL: host headers */
    const char           *cflags;
} wcapc_target_t;

/* For messages; keep in step with targets.def. */
#define WCAPC_TARGET_NAMES "x86_64-posix, cortex-m4, cortex-m33, rv32imac"

/* NULL when unknown. */
const wcapc_target_t *wcapc_target_find(const char *name);
const wcapc_target_t *wcapc_target_by_id(uint32_t id);
/* "x86_64-posix, cortex-m4, ..." */
void wcapc_targets_print(FILE *out, const char *sep);

#endif /* WCAPC_TARGETS_H */
