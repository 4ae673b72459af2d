/*
 * Imports between the spec suite's modules: a module registered under a name
 * (wast `register`) exports functions that later modules import. wcap links
 * only stable symbol IDs, so each such import is a C trampoline in the runner
 * (spec_links.c), listed in spectest.syms, that calls the registered module's
 * export through the runtime (a trap in the callee traps the caller). Host C11.
 */
#ifndef SPEC_LINKS_H
#define SPEC_LINKS_H

#include "wcap/loader.h"

/* Implemented by spec_runner.c: the module registered as `as`, or NULL. */
wcap_rt_capsule_t *spec_registered(const char *as);

/* The trampolines' symbol table entries (IDs from spectest.syms). */
extern const wcap_sym_t spec_link_syms[];
extern const unsigned spec_link_nsyms;

#endif /* SPEC_LINKS_H */
