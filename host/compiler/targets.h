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
/* "x86_64-posix, cortex-m4, ..." */
void wcapc_targets_print(FILE *out, const char *sep);
/* The same list into a buffer (truncated to cap). */
void wcapc_targets_join(char *out, size_t cap, const char *sep);

#endif /* WCAPC_TARGETS_H */
