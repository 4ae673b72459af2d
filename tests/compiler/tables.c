/*
 * compiler.tables_in_step: the tables that must agree do agree.
 *  - every built-in host function (wcap/api_wcap.def) is known to the
 *    compiler by module.name and by its C name Z_<module>Z_<name>, with its
 *    ID, and no symbols.def entry takes its ID; only the WASI subset's
 *    proc_exit, args_* and environ_* need no capability;
 *  - api_wcap.def names every WCAP_CAP_* bit exactly once;
 *  - every target of wcap/target_ids.def has a distinct nonzero ID, its name
 *    and ID map to each other both ways, and the packager's row agrees.
 */
#include <stdio.h>
#include <string.h>

#include "imports.h"
#include "targets.h"
#include "wcap/symbols.h"
#include "wcap/targets.h"


static const struct {
    unsigned id;
    const char *module, *name, *impl, *cap;
} host_fns[] = {
#define WCAP_API_CAP(cap, bit)
#define WCAP_API_FN(id, module, name, params, results, cap, impl) {id, #module, #name, #impl, #cap},
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
};

static const char *const cap_names[] = {
#define WCAP_API_CAP(cap, bit) #cap,
#define WCAP_API_FN(id, module, name, params, results, cap, impl)
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
};

static const unsigned sym_ids[] = {
#define WCAP_SYM(id, name, arches, cap) id,
#include "wcap/symbols.def"
#undef WCAP_SYM
};

static const struct {
    unsigned id;
    const char *name;
} target_ids[] = {
#define WCAP_TARGET_ID(suffix, id, name, arch) {id, name},
#include "wcap/target_ids.def"
#undef WCAP_TARGET_ID
};

int main(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof host_fns / sizeof host_fns[0]; i++) {
        const wcapc_host_fn_t *fn =
            wcapc_host_find(host_fns[i].module, strlen(host_fns[i].module), host_fns[i].name, strlen(host_fns[i].name));
        char sym[96];
        snprintf(sym, sizeof sym, "Z_%sZ_%s", host_fns[i].module, host_fns[i].name);
        int wasi = !strcmp(host_fns[i].module, "wasi_snapshot_preview1");
        int capless = !strcmp(host_fns[i].cap, "none");
        int cap_ok = capless ? fn && !fn->cap && wasi &&
                                   (!strcmp(host_fns[i].name, "proc_exit") || !strncmp(host_fns[i].name, "args_", 5) ||
                                    !strncmp(host_fns[i].name, "environ_", 8))
                             : fn && fn->cap;
        const wcapc_symdef_t *d = wcapc_host_symdef(sym);
        int clash = 0;
        for (size_t k = 0; k < sizeof sym_ids / sizeof sym_ids[0]; k++)
            clash |= sym_ids[k] == host_fns[i].id;
        if (!fn || !d || d->id != host_fns[i].id || d->cap != fn->cap || !cap_ok || strcmp(sym, host_fns[i].impl) ||
            clash || (strcmp(host_fns[i].module, "wcap") && !wasi)) {
            fprintf(stderr, "FAIL: host function %s: compiler tables, api_wcap.def and symbols.def disagree\n",
                    host_fns[i].name);
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
        fprintf(stderr, "FAIL: api_wcap.def covers 0x%x, WCAP_CAP_ALL is 0x%x\n", seen, WCAP_CAP_ALL);
        bad++;
    }
    unsigned ids = 0;
    for (size_t i = 0; i < sizeof target_ids / sizeof target_ids[0]; i++) {
        unsigned id = target_ids[i].id;
        const char *name = target_ids[i].name;
        const wcapc_target_t *t = wcapc_target_find(name);
        if (id == WCAP_TARGET_NONE || id >= 32u || (ids & (1u << id)) || wcap_target_by_name(name) != id ||
            !wcap_target_name(id) || strcmp(wcap_target_name(id), name) || !t || t->id != id ||
            wcapc_target_by_id(id) != t || t->arch != wcap_target_arch(id)) {
            fprintf(stderr, "FAIL: target %s\n", name);
            bad++;
        } else {
            ids |= 1u << id;
        }
    }
    printf("%zu host functions, %zu capabilities, %zu targets: %s\n", sizeof host_fns / sizeof host_fns[0],
           sizeof cap_names / sizeof cap_names[0], sizeof target_ids / sizeof target_ids[0],
           bad ? "MISMATCH" : "in step");
    return bad ? 1 : 0;
}
