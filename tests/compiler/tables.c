/*
 * compiler.tables_in_step: the tables that must agree do agree.
 *  - every host API function (compiler/host_api.def) is in symbols.def as
 *    Z_wcapZ_<name>, on every architecture, with the same capability;
 *  - caps.def names every WCAP_CAP_* bit exactly once;
 *  - every target of wcap/target_ids.def has a distinct nonzero ID, its name
 *    and ID map to each other both ways, and the packager's row agrees.
 */
#include <stdio.h>
#include <string.h>

#include "host_api.h"
#include "targets.h"
#include "wcap/symbols.h"
#include "wcap/targets.h"

static const struct {
    const char *name;
    unsigned    arches, cap;
} syms[] = {
#define WCAP_SYM(id, name, arches, cap) {#name, arches, cap},
#include "wcap/symbols.def"
#undef WCAP_SYM
};

static const char *const host_names[] = {
#define WCAPC_HOST(name, params, results, cap) #name,
#include "host_api.def"
#undef WCAPC_HOST
};

static const char *const cap_names[] = {
#define WCAPC_CAP(name, bit) #name,
#include "caps.def"
#undef WCAPC_CAP
};

static const struct {
    unsigned    id;
    const char *name;
} target_ids[] = {
#define WCAP_TARGET_ID(suffix, id, name, arch) {id, name},
#include "wcap/target_ids.def"
#undef WCAP_TARGET_ID
};

int main(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof host_names / sizeof host_names[0]; i++) {
        const wcapc_host_fn_t *fn = wcapc_host_find(host_names[i], strlen(host_names[i]));
        char sym[64];
        snprintf(sym, sizeof sym, "Z_wcapZ_%s", host_names[i]);
        size_t k = 0;
        while (k < sizeof syms / sizeof syms[0] && strcmp(syms[k].name, sym))
            k++;
        if (!fn || k == sizeof syms / sizeof syms[0] || syms[k].arches != WCAP_ARCH_ALL || syms[k].cap != fn->cap) {
            fprintf(stderr, "FAIL: host function %s and symbols.def disagree\n", host_names[i]);
            bad++;
        }
    }
    unsigned seen = 0;
    for (size_t i = 0; i < sizeof cap_names / sizeof cap_names[0]; i++) {
        unsigned bit = wcapc_cap_bit(cap_names[i]);
        if (!bit || (bit & seen)) {
            fprintf(stderr, "FAIL: capability %s\n", cap_names[i]);
            bad++;
        }
        seen |= bit;
    }
    if (seen != WCAP_CAP_ALL) {
        fprintf(stderr, "FAIL: caps.def covers 0x%x, WCAP_CAP_ALL is 0x%x\n", seen, WCAP_CAP_ALL);
        bad++;
    }
    unsigned ids = 0;
    for (size_t i = 0; i < sizeof target_ids / sizeof target_ids[0]; i++) {
        unsigned id = target_ids[i].id;
        const char *name = target_ids[i].name;
        const wcapc_target_t *t = wcapc_target_find(name);
        if (id == WCAP_TARGET_NONE || id >= 32u || (ids & (1u << id)) || wcap_target_by_name(name) != id ||
            !wcap_target_name(id) || strcmp(wcap_target_name(id), name) || !t || t->id != id || wcapc_target_by_id(id) != t ||
            t->arch != wcap_target_arch(id)) {
            fprintf(stderr, "FAIL: target %s\n", name);
            bad++;
        } else {
            ids |= 1u << id;
        }
    }
    printf("%zu host functions, %zu capabilities, %zu targets: %s\n", sizeof host_names / sizeof host_names[0],
           sizeof cap_names / sizeof cap_names[0], sizeof target_ids / sizeof target_ids[0],
           bad ? "MISMATCH" : "in step");
    return bad ? 1 : 0;
}
