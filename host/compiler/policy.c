/*
 * Import, capability and memory policy of `wcap build`.
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#include "imports.h"
#include "diag.h"

static const char *const kind_names[] = {"function", "table", "memory", "global", "tag"};

static int refuse(const wcapc_import_t *im, const char *why)
{
    char allowed[2048];
    wcapc_host_list(allowed, sizeof allowed);
    return wcapc_fail(WCAPC_EXIT_IMPORT,
                      "import '%.*s'.'%.*s' (%s) is not allowed: %s; capsules may import only these host "
                      "functions (more with --api FILE): %s",
                      (int)im->module_len, im->module, (int)im->name_len, im->name, kind_names[im->kind & 3], why,
                      allowed);
}

/* Does function type ft have exactly these signature letters? */
static int same_type(const wcapc_functype_t *ft, const char *params, const char *results)
{
    if (ft->nparams != strlen(params) || ft->nresults != strlen(results))
        return 0;
    for (uint32_t i = 0; i < ft->nparams; i++)
        if (wcapc_wasm_sig_char(ft->params[i]) != params[i])
            return 0;
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (wcapc_wasm_sig_char(ft->results[i]) != results[i])
            return 0;
    return 1;
}

static int allowed_module(const wcapc_import_t *im, const wcapc_build_opts_t *o)
{
    for (int i = 0; i < o->n_allowed_modules; i++)
        if (strlen(o->allowed_modules[i]) == im->module_len &&
            !memcmp(o->allowed_modules[i], im->module, im->module_len))
            return 1;
    return 0;
}

static int one_import(const wcapc_module_t *m, const wcapc_import_t *im, const wcapc_build_opts_t *o, uint32_t *caps,
                      wcapc_native_decl_t *decl)
{
    const char *mod = (const char *)im->module, *name = (const char *)im->name;
    if (im->kind != 0)
        return refuse(im, "only functions can be imported");
    if (!wcapc_host_module_known(mod, im->module_len) && allowed_module(im, o))
        return WCAPC_EXIT_OK; /* test-only: resolved through --extra-symbols */
    int wasi = im->module_len >= 4 && !memcmp(im->module, "wasi", 4);
    if (!wcapc_host_module_known(mod, im->module_len))
        return refuse(im, wasi ? "of WASI only a subset of preview 1 (module wasi_snapshot_preview1) is available"
                               : "unknown module (an integrator's functions need their API file: --api FILE)");
    const wcapc_host_fn_t *fn = wcapc_host_find(mod, im->module_len, name, im->name_len);
    if (!fn)
        return refuse(im, wasi ? "this WASI function is not in wcap's subset (docs/host-api.md, \"WASI\")"
                               : "no such host function");
    if (!same_type(&m->types[im->type], fn->params, fn->results)) {
        char want[64];
        snprintf(want, sizeof want, "its type must be (%s)->(%s)", fn->params, fn->results);
        return refuse(im, want);
    }
    if (o->has_caps && (o->caps & fn->cap) != fn->cap) { /* cap 0 (WASI proc_exit...): always allowed */
        char names[64];
        wcapc_caps_format(fn->cap, names, sizeof names);
        return wcapc_fail(WCAPC_EXIT_IMPORT, "import '%s'.'%s' needs capability '%s', which --cap did not declare",
                          fn->module, fn->name, names);
    }
    *caps |= fn->cap;
    for (size_t i = 0; i < decl->n; i++)
        if (decl->fns[i] == fn)
            return WCAPC_EXIT_OK; /* imported twice: declared once */
    if (decl->n >= WCAPC_MAX_NATIVES)
        return wcapc_fail(WCAPC_EXIT_LIMIT, "more than %d different host functions imported", WCAPC_MAX_NATIVES);
    decl->fns[decl->n++] = fn;
    return WCAPC_EXIT_OK;
}

int wcapc_policy_imports(const wcapc_module_t *m, const wcapc_build_opts_t *o, uint32_t *caps,
                         wcapc_native_decl_t *decl)
{
    *caps = 0;
    decl->n = 0;
    for (uint32_t i = 0; i < m->n_imports; i++) {
        int rc = one_import(m, &m->imports[i], o, caps, decl);
        if (rc != WCAPC_EXIT_OK)
            return rc;
    }
    return WCAPC_EXIT_OK;
}

/* The board default (policy.h): mem_max reduced to the whole pages the
 * module's data and stack need, when its own default cannot fit the target's
 * reference board. Needs the __stack_pointer global (the "name" section). */
static void board_default(const wcapc_module_t *m, const wcapc_build_opts_t *o, uint32_t *mem_min, uint32_t *mem_max)
{
    const wcapc_target_t *t = o->target;
    if (t == NULL || t->board_ram <= WCAPC_BOARD_CODE_RESERVE || *mem_max <= t->board_ram - WCAPC_BOARD_CODE_RESERVE ||
        !m->has_stack_pointer)
        return;
    uint64_t used = m->data_end > m->stack_pointer_init ? m->data_end : m->stack_pointer_init;
    uint64_t fit = (used + 65535u) & ~(uint64_t)65535u;
    if (fit == 0 || fit >= *mem_max)
        return;
    fprintf(stderr,
            "wcap: note: linear memory %u -> %u bytes for the %s reference board (data and C stack end at %u, "
            "the rest of the page is heap); --memory-max BYTES chooses another size\n",
            (unsigned)*mem_max, (unsigned)fit, t->name, (unsigned)used);
    *mem_max = (uint32_t)fit;
    if (*mem_min > *mem_max)
        *mem_min = *mem_max;
}

int wcapc_policy_memory(const wcapc_module_t *m, const wcapc_build_opts_t *o, uint32_t *mem_min, uint32_t *mem_max)
{
    *mem_min = *mem_max = 0;
    if (!m->has_memory) {
        if (o->has_memory_max && o->memory_max)
            wcapc_note("--memory-max ignored: the module has no memory");
        return WCAPC_EXIT_OK;
    }
    uint64_t min = (uint64_t)m->mem_min_pages * 65536u;
    if (min > WCAPC_MEM_CAP && !(o->has_memory_max && o->memory_max < min))
        return wcapc_fail(WCAPC_EXIT_LIMIT, "initial memory of %u pages exceeds the %u MiB limit", m->mem_min_pages,
                          WCAPC_MEM_CAP >> 20);
    *mem_min = (uint32_t)(min > UINT32_MAX ? UINT32_MAX : min);
    if (o->has_memory_max) {
        if (m->data_end > o->memory_max)
            return wcapc_fail(WCAPC_EXIT_LIMIT, "--memory-max %u is too small: data segments end at %llu",
                              o->memory_max, (unsigned long long)m->data_end);
        if (m->has_stack_pointer && m->stack_pointer_init > o->memory_max)
            return wcapc_fail(WCAPC_EXIT_LIMIT,
                              "--memory-max %u is too small: the C shadow stack (__stack_pointer) starts at %u",
                              o->memory_max, m->stack_pointer_init);
        *mem_max = o->memory_max;
        if (*mem_min > *mem_max) /* a small memory: only mem_max bytes exist (loader: min <= max) */
            *mem_min = *mem_max;
    } else if (m->mem_has_max) {
        uint64_t max = (uint64_t)m->mem_max_pages * 65536u;
        *mem_max = (uint32_t)(max > WCAPC_MEM_CAP ? WCAPC_MEM_CAP : max);
        if (*mem_max < *mem_min)
            *mem_max = *mem_min;
    } else {
        *mem_max = *mem_min;
    }
    if (!o->has_memory_max)
        board_default(m, o, mem_min, mem_max);
    return WCAPC_EXIT_OK;
}
