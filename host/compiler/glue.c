/*
 * Glue generation (see glue.h).
 */
#include "glue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

int wcapc_mangle(const uint8_t *name, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = name[i];
        int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Y') || (c >= '0' && c <= '9') || c == '_';
        int n = plain ? snprintf(out + o, cap - o, "%c", c) : snprintf(out + o, cap - o, "Z%02X", c);
        if (n < 0 || (size_t)n >= cap - o)
            return -1;
        o += (size_t)n;
    }
    if (cap)
        out[o] = 0;
    return 0;
}

/* wasm2c's field letter of a multi-value result struct (struct wasm_multi_ij { u32 i0; u64 j1; }). */
static char multi_letter(char sig)
{
    return sig == 'i' ? 'i' : sig == 'I' ? 'j' : sig == 'f' ? 'f' : 'd';
}

static const char *val_field(char sig)
{
    return sig == 'i' ? "i32" : sig == 'I' ? "i64" : sig == 'f' ? "f32" : "f64";
}

/* "params:results" of a function type, or -1 when it uses types without a letter (references). */
static int sig_of(const wcapc_functype_t *ft, char *out, size_t cap)
{
    if ((size_t)ft->nparams + ft->nresults + 2 > cap)
        return -1;
    size_t o = 0;
    for (uint32_t i = 0; i < ft->nparams; i++)
        if (!(out[o++] = wcapc_wasm_sig_char(ft->params[i])))
            return -1;
    out[o++] = ':';
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (!(out[o++] = wcapc_wasm_sig_char(ft->results[i])))
            return -1;
    out[o] = 0;
    return 0;
}

static void c_string(wcapc_buf_t *b, const uint8_t *s, size_t len)
{
    wcapc_buf_put(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\' && s[i] != '?')
            wcapc_buf_put(b, &s[i], 1);
        else
            wcapc_buf_printf(b, "\\%03o", s[i]);
    }
    wcapc_buf_put(b, "\"", 1);
}

static void wrapper(wcapc_buf_t *b, size_t idx, const char *cname, const char *sig)
{
    const char *colon = strchr(sig, ':');
    size_t np = (size_t)(colon - sig), nr = strlen(colon + 1);
    wcapc_buf_printf(b, "static void wrap_%zu(void *inst, wcap_val_t *v)\n{\n    ", idx);
    if (nr == 1)
        wcapc_buf_printf(b, "v[0].%s = ", val_field(colon[1]));
    if (nr > 1) { /* wasm2c returns a struct named after the result letters */
        wcapc_buf_printf(b, "struct wasm_multi_");
        for (size_t i = 0; i < nr; i++)
            wcapc_buf_printf(b, "%c", multi_letter(colon[1 + i]));
        wcapc_buf_printf(b, " r = ");
    }
    wcapc_buf_printf(b, "Z_capsuleZ_%s((Z_capsule_instance_t *)inst", cname);
    for (size_t i = 0; i < np; i++)
        wcapc_buf_printf(b, ", v[%zu].%s", i, val_field(sig[i]));
    wcapc_buf_printf(b, ");\n");
    for (size_t i = 0; nr > 1 && i < nr; i++)
        wcapc_buf_printf(b, "    v[%zu].%s = r.%c%zu;\n", i, val_field(colon[1 + i]), multi_letter(colon[1 + i]), i);
    if (np == 0 && nr == 0)
        wcapc_buf_printf(b, "    (void)v;\n");
    wcapc_buf_printf(b, "}\n\n");
}

/* The parameter types of Z_capsule_instantiate in capsule.h, as a cast list for the call. */
static int instantiate_call(const char *header, wcapc_buf_t *b, char *err, size_t errcap)
{
    static const char proto[] = "void Z_capsule_instantiate(";
    const char *p = strstr(header, proto);
    const char *end = p ? strstr(p, ");") : NULL;
    if (!p || !end) {
        snprintf(err, errcap, "unexpected wasm2c output: no Z_capsule_instantiate prototype in capsule.h");
        return -1;
    }
    p += sizeof proto - 1;
    wcapc_buf_printf(b, "static void glue_instantiate(void *inst, void *rt_ctx)\n{\n    (void)rt_ctx;\n"
                        "    Z_capsule_instantiate(");
    for (int first = 1; p < end; first = 0) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if (first)
            wcapc_buf_printf(b, "(%.*s)inst", (int)(stop - p), p);
        else /* every import module's instance pointer is the runtime context */
            wcapc_buf_printf(b, ", (%.*s)rt_ctx", (int)(stop - p), p);
        p = comma ? comma + 2 : end;
    }
    wcapc_buf_printf(b, ");\n}\n\n");
    return 0;
}

/* Wrappers for every callable export; exps gets those the manifest can list. */
static int collect(const wcapc_module_t *m, const char *header, wcapc_buf_t *b, wcapc_exp_t *exps, size_t *n,
                   size_t *n_wrappers, char *err, size_t errcap)
{
    for (uint32_t i = 0; i < m->n_exports; i++) {
        const wcapc_export_t *e = &m->exports[i];
        char cname[1024], sig[512], look[1100];
        if (e->kind != 0)
            continue; /* memories, tables, globals: not callable */
        if (e->index >= m->n_funcs) {
            snprintf(err, errcap, "export %u refers to function %u, which does not exist", i, e->index);
            return -1;
        }
        if (memchr(e->name, 0, e->name_len) || wcapc_mangle(e->name, e->name_len, cname, sizeof cname)) {
            wcapc_note("export %u skipped: name contains NUL or is too long", i);
            continue;
        }
        if (sig_of(&m->types[m->func_types[e->index]], sig, sizeof sig)) {
            wcapc_note("export '%.*s' skipped: reference types or too many values in its signature", (int)e->name_len,
                       e->name);
            continue;
        }
        snprintf(look, sizeof look, " Z_capsuleZ_%s(", cname);
        if (!strstr(header, look)) {
            snprintf(err, errcap, "unexpected wasm2c output: no prototype for export '%.*s' (%s)", (int)e->name_len,
                     e->name, cname);
            return -1;
        }
        wrapper(b, (*n_wrappers)++, cname, sig);
        if (e->name_len < sizeof exps->name && strlen(sig) < sizeof exps->sig) {
            wcapc_exp_t *x = &exps[(*n)++];
            memcpy(x->name, e->name, e->name_len);
            x->name[e->name_len] = 0;
            memcpy(x->sig, sig, strlen(sig) + 1);
        } else {
            wcapc_note("export '%.*s' not listed in the manifest (name or signature too long)", (int)e->name_len,
                       e->name);
        }
    }
    return 0;
}

static void export_table(const wcapc_module_t *m, wcapc_buf_t *b, size_t n)
{
    if (!n)
        return;
    wcapc_buf_printf(b, "static const wcap_export_t glue_exports[%zu] = {\n", n);
    size_t k = 0;
    for (uint32_t i = 0; i < m->n_exports && k < n; i++) {
        const wcapc_export_t *e = &m->exports[i];
        char sig[512], cname[1024];
        if (e->kind != 0 || memchr(e->name, 0, e->name_len) ||
            wcapc_mangle(e->name, e->name_len, cname, sizeof cname) ||
            sig_of(&m->types[m->func_types[e->index]], sig, sizeof sig))
            continue;
        wcapc_buf_printf(b, "    {");
        c_string(b, e->name, e->name_len);
        wcapc_buf_printf(b, ", \"%s\", wrap_%zu},\n", sig, k++);
    }
    wcapc_buf_printf(b, "};\n\n");
}

/*
 * A NUL-terminated copy of the header in which every NUL byte is a space: the
 * comments wasm2c writes hold export names raw, and a name with a NUL byte would
 * otherwise end a strstr() search before the prototypes that follow it.
 */
static char *searchable_copy(const char *header, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < len; i++)
        s[i] = header[i] ? header[i] : ' ';
    s[len] = 0;
    return s;
}

static int generate(const wcapc_module_t *m, const char *header, wcapc_buf_t *b, wcapc_exp_t **exps, size_t *n_exps,
                    char *err, size_t errcap)
{
    wcapc_buf_printf(b, "/* Generated by wcap build: the capsule's descriptor (wcap/capsule_abi.h). */\n"
                        "#include <stdint.h>\n#include \"wcap/capsule_abi.h\"\n\n"
                        "uintptr_t wcap_stack_limit;\nvolatile uint32_t wcap_interrupt;\n\n");
    size_t n_wrappers = 0;
    if (collect(m, header, b, *exps, n_exps, &n_wrappers, err, errcap) || instantiate_call(header, b, err, errcap))
        return -1;
    export_table(m, b, n_wrappers);
    wcapc_buf_printf(b,
                     "static void glue_free(void *inst)\n{\n    Z_capsule_free((Z_capsule_instance_t *)inst);\n}\n\n"
                     "const wcap_capsule_info_t wcap_capsule_info = {\n"
                     "    WCAP_ABI_VERSION, sizeof(Z_capsule_instance_t), %zu, %s,\n"
                     "    Z_capsule_init_module, glue_instantiate, glue_free,\n"
                     "    &wcap_stack_limit, &wcap_interrupt,\n};\n",
                     n_wrappers, n_wrappers ? "glue_exports" : "0");
    return 0;
}

int wcapc_glue_generate(const wcapc_module_t *m, const char *header, size_t header_len, wcapc_buf_t *b,
                        wcapc_exp_t **exps, size_t *n_exps, char *err, size_t errcap)
{
    *exps = calloc((size_t)m->n_exports + 1, sizeof **exps);
    *n_exps = 0;
    char *text = searchable_copy(header, header_len);
    if (!*exps || !text) {
        free(text);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    int rc = generate(m, text, b, exps, n_exps, err, errcap);
    free(text);
    return rc;
}
