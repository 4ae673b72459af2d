/*
 * The runtime's symbol table for the architecture it is compiled for
 * (x86_64, arm or riscv, chosen by predefined macros), built from
 * symbols.def and sorted by ID. The loader's config points at it.
 */
#ifndef WCAP_SYMTAB_H
#define WCAP_SYMTAB_H

#include <stdint.h>

#include "wcap/sym.h"

/* This build's table (never NULL). */
const wcap_symtab_t *wcap_rt_symtab(void);

/* The entry for `id`, or NULL when this build does not export it. */
const wcap_sym_t *wcap_symtab_find(const wcap_symtab_t *t, uint16_t id);

/* Whether `id` is defined in symbols.def for any architecture. */
int wcap_sym_id_known(uint16_t id);

#endif /* WCAP_SYMTAB_H */
