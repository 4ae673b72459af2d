/*
 * The symbol table: every symbols.def entry available on this architecture.
 * symbols.def lists entries sorted by ID and `arches` is a single token, so
 * the per-arch filter is a token-pasted macro and the table needs no sort.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "wasm-rt.h"
#include "wcap/host_api.h"
#include "wcap/symbols.h"
#include "wcap/symtab.h"

#if defined(__x86_64__)
#include "near_libc.h" /* renames libc/libm entries to near wrappers */
#define WCAP_SYMTAB_ARCH_X86_64(id, name, cap) {id, cap, (const void *)&name},
#else
#define WCAP_SYMTAB_ARCH_X86_64(id, name, cap)
/* The boards' picolibc rounds some doubles wrongly in floor and ceil
 * (wcap/rt_libm.h): capsules importing them get the runtime's own. */
#include "wcap/rt_libm.h"
#define floor wcap_rt_floor
#define ceil wcap_rt_ceil
#endif

#if defined(__arm__) || defined(__thumb__)
/* Arm EABI run-time helpers: no header declares them; only their address is used. */
#define WCAP_SYM(id, name, arches, cap) WCAP_DECL_##arches(name)
#define WCAP_DECL_WCAP_ARCH_ALL(name)
#define WCAP_DECL_WCAP_ARCH_X86_64(name)
#define WCAP_DECL_WCAP_ARCH_RV32(name)
#define WCAP_DECL_WCAP_ARCH_XTENSA(name)
#define WCAP_DECL_WCAP_ARCH_RV32_XTENSA(name)
#define WCAP_DECL_WCAP_ARCH_ARM(name) extern void name(void);
#include "wcap/symbols.def"
#undef WCAP_SYM
#define WCAP_SYMTAB_ARCH_ARM(id, name, cap) {id, cap, (const void *)&name},
#else
#define WCAP_SYMTAB_ARCH_ARM(id, name, cap)
#endif

#if defined(__riscv)
/* libgcc soft-float and 64-bit helpers: declared here for their address only. */
#define WCAP_SYM(id, name, arches, cap) WCAP_DECL_##arches(name)
#define WCAP_DECL_WCAP_ARCH_ALL(name)
#define WCAP_DECL_WCAP_ARCH_X86_64(name)
#define WCAP_DECL_WCAP_ARCH_ARM(name)
#define WCAP_DECL_WCAP_ARCH_XTENSA(name)
#define WCAP_DECL_WCAP_ARCH_RV32(name) extern void name(void);
#define WCAP_DECL_WCAP_ARCH_RV32_XTENSA(name) extern void name(void);
#include "wcap/symbols.def"
#undef WCAP_SYM
#define WCAP_SYMTAB_ARCH_RV32(id, name, cap) {id, cap, (const void *)&name},
#else
#define WCAP_SYMTAB_ARCH_RV32(id, name, cap)
#endif

#if defined(__XTENSA__)
/* libgcc helpers (those Debian's lx106 libgcc lacks are built with the
 * firmware, targets/xtensa-lx106/libgcc/): declared here for their address only. */
#define WCAP_SYM(id, name, arches, cap) WCAP_DECL_##arches(name)
#define WCAP_DECL_WCAP_ARCH_ALL(name)
#define WCAP_DECL_WCAP_ARCH_X86_64(name)
#define WCAP_DECL_WCAP_ARCH_ARM(name)
#define WCAP_DECL_WCAP_ARCH_RV32(name)
#define WCAP_DECL_WCAP_ARCH_XTENSA(name) extern void name(void);
#define WCAP_DECL_WCAP_ARCH_RV32_XTENSA(name) extern void name(void);
#include "wcap/symbols.def"
#undef WCAP_SYM
#define WCAP_SYMTAB_ARCH_XTENSA(id, name, cap) {id, cap, (const void *)&name},
#else
#define WCAP_SYMTAB_ARCH_XTENSA(id, name, cap)
#endif

#if defined(__riscv) || defined(__XTENSA__)
#define WCAP_SYMTAB_ARCH_RV32_XTENSA(id, name, cap) {id, cap, (const void *)&name},
#else
#define WCAP_SYMTAB_ARCH_RV32_XTENSA(id, name, cap)
#endif

#define WCAP_SYMTAB_WCAP_ARCH_ALL(id, name, cap) {id, cap, (const void *)&name},
#define WCAP_SYMTAB_WCAP_ARCH_X86_64(id, name, cap) WCAP_SYMTAB_ARCH_X86_64(id, name, cap)
#define WCAP_SYMTAB_WCAP_ARCH_ARM(id, name, cap) WCAP_SYMTAB_ARCH_ARM(id, name, cap)
#define WCAP_SYMTAB_WCAP_ARCH_RV32(id, name, cap) WCAP_SYMTAB_ARCH_RV32(id, name, cap)
#define WCAP_SYMTAB_WCAP_ARCH_XTENSA(id, name, cap) WCAP_SYMTAB_ARCH_XTENSA(id, name, cap)
#define WCAP_SYMTAB_WCAP_ARCH_RV32_XTENSA(id, name, cap) WCAP_SYMTAB_ARCH_RV32_XTENSA(id, name, cap)

static const wcap_sym_t wcap_syms[] = {
#define WCAP_SYM(id, name, arches, cap) WCAP_SYMTAB_##arches(id, name, cap)
#include "wcap/symbols.def"
#undef WCAP_SYM
};

static const wcap_symtab_t wcap_symtab = {wcap_syms, (uint16_t)(sizeof wcap_syms / sizeof wcap_syms[0])};

const wcap_symtab_t *wcap_rt_symtab(void)
{
    return &wcap_symtab;
}

const wcap_sym_t *wcap_symtab_find(const wcap_symtab_t *t, uint16_t id)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2u;
        if (t->syms[mid].id == id) {
            return &t->syms[mid];
        }
        if (t->syms[mid].id < id) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

int wcap_sym_id_known(uint16_t id)
{
    switch (id) {
#define WCAP_SYM(id, name, arches, cap) case id:
#include "wcap/symbols.def"
#undef WCAP_SYM
        return 1;
    default: return 0;
    }
}
