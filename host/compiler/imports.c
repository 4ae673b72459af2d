/*
 * Host functions and capability names: the built-in API from its API file
 * (api_wcap.def, included here by the C preprocessor) and this build's --api.
 */
#include "imports.h"

#include <stdio.h>
#include <string.h>

#include "wcap/blob_format.h"
#include "wcap/targets.h"

/* The built-in functions; cap holds the index of their capability name until
 * build_tables() turns it into the bit (the file names capabilities). */
static const struct {
    wcapc_host_fn_t fn;
    const char *cap;
} builtin_fns[] = {
#define WCAP_API_CAP(cap, bit)
#define WCAP_API_FN(id, module, name, params, results, cap, impl) \
    {{id, #module, #name, params, results, 0, #impl}, #cap},
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
};

static const struct {
    const char *name;
    uint32_t bit;
} builtin_caps[] = {
#define WCAP_API_CAP(cap, bit) {#cap, 1u << (bit)},
#define WCAP_API_FN(id, module, name, params, results, cap, impl)
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define N_BUILTIN COUNT(builtin_fns)

/* The built-in functions, then the API file's (views into it). */
static wcapc_host_fn_t all_fns[N_BUILTIN + COUNT(((wcapc_api_t *)0)->fns)];
static wcapc_symdef_t all_syms[COUNT(all_fns)];
static size_t n_all;
static const wcapc_api_t *extra;

uint32_t wcapc_cap_bit(const char *name);

static void build_tables(void)
{
    if (n_all)
        return;
    for (size_t i = 0; i < N_BUILTIN; i++) {
        all_fns[n_all] = builtin_fns[i].fn;
        all_fns[n_all++].cap = wcapc_cap_bit(builtin_fns[i].cap);
    }
    for (size_t i = 0; extra && i < extra->n_fns; i++) {
        const wcapc_api_fn_t *f = &extra->fns[i];
        all_fns[n_all++] = (wcapc_host_fn_t){f->id, f->module, f->name, f->params, f->results, f->cap, f->mangled};
    }
    for (size_t i = 0; i < n_all; i++)
        all_syms[i] = (wcapc_symdef_t){all_fns[i].mangled, all_fns[i].id, WCAP_ARCH_ALL, all_fns[i].cap};
}

void wcapc_host_use_api(const wcapc_api_t *api)
{
    extra = api;
    n_all = 0;
    build_tables();
}

const wcapc_host_fn_t *wcapc_host_find(const char *module, size_t mlen, const char *name, size_t nlen)
{
    build_tables();
    for (size_t i = 0; i < n_all; i++)
        if (strlen(all_fns[i].module) == mlen && !memcmp(all_fns[i].module, module, mlen) &&
            strlen(all_fns[i].name) == nlen && !memcmp(all_fns[i].name, name, nlen))
            return &all_fns[i];
    return NULL;
}

const wcapc_host_fn_t *wcapc_host_by_id(uint16_t id)
{
    for (size_t i = 0; i < N_BUILTIN; i++)
        if (builtin_fns[i].fn.id == id) {
            build_tables();
            return &all_fns[i]; /* the built-ins come first, in the same order */
        }
    return NULL;
}

int wcapc_native_by_id_only(uint32_t id, const char *name)
{
    static const char wasi[] = "wasi_snapshot_preview1.";
    return id >= 1 && id <= WCAP_NATIVE_ID_BUILTIN_LAST && !strncmp(name, wasi, sizeof wasi - 1);
}

int wcapc_host_module_known(const char *module, size_t mlen)
{
    build_tables();
    for (size_t i = 0; i < n_all; i++)
        if (strlen(all_fns[i].module) == mlen && !memcmp(all_fns[i].module, module, mlen))
            return 1;
    return 0;
}

const wcapc_symdef_t *wcapc_host_symdef(const char *mangled)
{
    build_tables();
    for (size_t i = 0; i < n_all; i++)
        if (!strcmp(all_syms[i].name, mangled))
            return &all_syms[i];
    return NULL;
}

void wcapc_host_list(char *out, size_t cap)
{
    size_t used = 0;
    build_tables();
    out[0] = 0;
    for (size_t i = 0; i < n_all && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s.%s(%s)->(%s)", i ? ", " : "", all_fns[i].module, all_fns[i].name,
                         all_fns[i].params, all_fns[i].results);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* Capability i of the built-in list followed by the API file's; NULL past the end. */
static const char *cap_at(size_t i, uint32_t *bit)
{
    if (i < COUNT(builtin_caps)) {
        *bit = builtin_caps[i].bit;
        return builtin_caps[i].name;
    }
    i -= COUNT(builtin_caps);
    if (!extra || i >= extra->n_caps)
        return NULL;
    *bit = extra->caps[i].bit;
    return extra->caps[i].name;
}

uint32_t wcapc_cap_bit(const char *name)
{
    uint32_t bit;
    const char *n;
    for (size_t i = 0; (n = cap_at(i, &bit)) != NULL; i++)
        if (!strcmp(n, name))
            return bit;
    return 0;
}

void wcapc_caps_format(uint32_t mask, char *out, size_t cap)
{
    size_t used = 0;
    uint32_t bit;
    const char *name;
    out[0] = 0;
    for (size_t i = 0; (name = cap_at(i, &bit)) != NULL && used < cap; i++) {
        if (!(mask & bit))
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used ? "," : "", name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (!used && cap > 1)
        snprintf(out, cap, "-");
}

void wcapc_caps_list(char *out, size_t cap)
{
    size_t used = 0;
    uint32_t bit;
    const char *name;
    out[0] = 0;
    for (size_t i = 0; (name = cap_at(i, &bit)) != NULL && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
