/*
 * The shape of a symbol table: what the runtime exports to capsules, by the
 * IDs of symbols.def. runtime_lib builds this device's table
 * (wcap_rt_symtab, runtime_lib/src/symtab.c); the loader links imports
 * against it. Portable C99.
 */
#ifndef WCAP_SYM_H
#define WCAP_SYM_H

#include <stdint.h>

/* One exported symbol. */
typedef struct {
    uint16_t id; /* WCAP_SYM_* (symbols.def) */
    uint8_t cap; /* WCAP_CAP_* needed to import it, or 0 */
    const void *addr;
} wcap_sym_t;

/* A table of them, sorted by id (wcap_symtab_find bisects it). */
typedef struct {
    const wcap_sym_t *syms;
    uint16_t count;
} wcap_symtab_t;

#endif /* WCAP_SYM_H */
