/*
 * What a spec module may import: the runtime's symbol table plus the
 * functions of the suite's "spectest" module (print_i32, ...) and the
 * trampolines between registered modules (spec_links.c), with the IDs of
 * spectest.syms (>= 1024), which `wcap build --extra-symbols spectest.syms
 * --allow-imports spectest` lets a module import. Shared by the host runner
 * and the board runner. Portable C99.
 */
#ifndef SPEC_IMPORTS_H
#define SPEC_IMPORTS_H

#include "wcap/symtab.h"

/* The merged table, sorted by ID; NULL when it does not fit its buffer. */
const wcap_symtab_t *spec_symtab(void);

#endif /* SPEC_IMPORTS_H */
