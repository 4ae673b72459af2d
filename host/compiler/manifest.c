/*
 * Manifest encoding and decoding with nanopb (exports as a callback field).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "blob.h"
#include "imports.h"
#include "wcap/blob_format.h"

typedef struct {
    const wcapc_exp_t *exps;
    size_t n;
} enc_list_t;

static bool encode_exports(pb_ostream_t *s, const pb_field_t *field, void *const *arg)
{
    const enc_list_t *l = *arg;
    for (size_t i = 0; i < l->n; i++) {
        wcap_Export e = wcap_Export_init_zero;
        memcpy(e.name, l->exps[i].name, sizeof e.name);
        memcpy(e.sig, l->exps[i].sig, sizeof e.sig);
        if (!pb_encode_tag_for_field(s, field) || !pb_encode_submessage(s, wcap_Export_fields, &e))
            return false;
    }
    return true;
}

typedef struct {
    const wcapc_nat_t *nats;
    size_t n;
} enc_nats_t;

static bool encode_natives(pb_ostream_t *s, const pb_field_t *field, void *const *arg)
{
    const enc_nats_t *l = *arg;
    for (size_t i = 0; i < l->n; i++) {
        wcap_Native d = wcap_Native_init_zero;
        d.id = l->nats[i].id;
        if (!wcapc_native_by_id_only(d.id, l->nats[i].name)) /* others: < 40 (api_file.c) */
            for (size_t k = 0; k + 1 < sizeof d.name && l->nats[i].name[k]; k++)
                d.name[k] = l->nats[i].name[k];
        memcpy(d.sig, l->nats[i].sig, sizeof d.sig);
        if (!pb_encode_tag_for_field(s, field) || !pb_encode_submessage(s, wcap_Native_fields, &d))
            return false;
    }
    return true;
}

int wcapc_manifest_encode(const wcap_Manifest *m, const wcapc_nat_t *nats, size_t n_nats, const wcapc_exp_t *exps,
                          size_t n, uint8_t out[WCAP_MANIFEST_MAX], size_t *len, size_t *kept)
{
    enc_nats_t nl = {nats, n_nats};
    for (size_t k = n + 1; k-- > 0;) {
        wcap_Manifest copy = *m;
        enc_list_t l = {exps, k};
        copy.exports.funcs.encode = encode_exports;
        copy.exports.arg = &l;
        copy.natives.funcs.encode = encode_natives;
        copy.natives.arg = &nl;
        pb_ostream_t s = pb_ostream_from_buffer(out, WCAP_MANIFEST_MAX);
        if (pb_encode(&s, wcap_Manifest_fields, &copy)) {
            *len = s.bytes_written;
            *kept = k;
            return 0;
        }
        if (k > 64)
            k = k * 3 / 4 + 1; /* shrink faster when far too many */
    }
    return -1;
}

typedef struct {
    wcapc_exp_t *exps;
    size_t n;
} dec_list_t;

static bool decode_export(pb_istream_t *s, const pb_field_t *field, void **arg)
{
    (void)field;
    dec_list_t *l = *arg;
    wcap_Export e = wcap_Export_init_zero;
    if (!pb_decode(s, wcap_Export_fields, &e) || l->n >= WCAPC_MAX_EXPORTS)
        return false;
    wcapc_exp_t *p = realloc(l->exps, (l->n + 1) * sizeof *p);
    if (!p)
        return false;
    l->exps = p;
    memcpy(p[l->n].name, e.name, sizeof e.name);
    memcpy(p[l->n].sig, e.sig, sizeof e.sig);
    l->n++;
    return true;
}

typedef struct {
    wcapc_nat_t *nats;
    size_t n, cap;
} dec_nats_t;

static bool decode_native(pb_istream_t *s, const pb_field_t *field, void **arg)
{
    (void)field;
    dec_nats_t *l = *arg;
    wcap_Native d = wcap_Native_init_zero;
    if (!pb_decode(s, wcap_Native_fields, &d) || l->n >= l->cap)
        return false;
    wcapc_nat_t *p = &l->nats[l->n++];
    p->id = d.id;
    snprintf(p->name, sizeof p->name, "%s", d.name);
    if (!d.name[0] && d.id <= WCAP_NATIVE_ID_BUILTIN_LAST) { /* declared by ID alone: the built-in's name */
        const wcapc_host_fn_t *f = wcapc_host_by_id((uint16_t)d.id);
        if (f)
            snprintf(p->name, sizeof p->name, "%s.%s", f->module, f->name);
    }
    snprintf(p->sig, sizeof p->sig, "%s", d.sig);
    return true;
}

/* Used by blob.c: the manifest, its exports (malloc'd) and its declared
 * natives (at most n_nats_cap, into nats). */
int wcapc_manifest_decode(const uint8_t *in, size_t len, wcap_Manifest *m, wcapc_exp_t **exps, size_t *n,
                          wcapc_nat_t *nats, size_t n_nats_cap, size_t *n_nats);
int wcapc_manifest_decode(const uint8_t *in, size_t len, wcap_Manifest *m, wcapc_exp_t **exps, size_t *n,
                          wcapc_nat_t *nats, size_t n_nats_cap, size_t *n_nats)
{
    dec_list_t l = {NULL, 0};
    dec_nats_t nl = {nats, 0, n_nats_cap};
    memset(m, 0, sizeof *m);
    m->exports.funcs.decode = decode_export;
    m->exports.arg = &l;
    m->natives.funcs.decode = decode_native;
    m->natives.arg = &nl;
    pb_istream_t s = pb_istream_from_buffer(in, len);
    bool ok = pb_decode(&s, wcap_Manifest_fields, m);
    m->exports.arg = NULL;
    m->exports.funcs.decode = NULL;
    m->natives.arg = NULL;
    m->natives.funcs.decode = NULL;
    *n_nats = nl.n;
    if (!ok) {
        free(l.exps);
        return -1;
    }
    *exps = l.exps;
    *n = l.n;
    return 0;
}
