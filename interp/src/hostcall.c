/*
 * Calls from interpreted code into native functions of the runtime's symbol
 * table (the host API, and test-only extra symbols): portable C cannot build
 * a call of arbitrary signature, so each supported shape has one thunk, chosen
 * at load time from the import's Wasm type (an unsupported shape is refused
 * with WCAP_E_IX_IMPORT_SIG). Every host function takes the capsule's runtime
 * context first, as for native capsules.
 */
#include "ix_priv.h"

typedef void *ctx_t;

static uint32_t a32(const wcap_slot_t *a, unsigned i)
{
    return (uint32_t)a[i];
}
static float af(const wcap_slot_t *a, unsigned i)
{
    uint32_t b = (uint32_t)a[i];
    float f;
    memcpy(&f, &b, 4);
    return f;
}
static double ad(const wcap_slot_t *a, unsigned i)
{
    double d;
    memcpy(&d, &a[i], 8);
    return d;
}

static void t_v(const void *fn, ctx_t c, wcap_slot_t *a)
{
    (void)a;
    ((void (*)(ctx_t))fn)(c);
}
static void t_vi(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, uint32_t))fn)(c, a32(a, 0));
}
static void t_vii(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, uint32_t, uint32_t))fn)(c, a32(a, 0), a32(a, 1));
}
static void t_vI(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, uint64_t))fn)(c, a[0]);
}
static void t_vf(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, float))fn)(c, af(a, 0));
}
static void t_vF(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, double))fn)(c, ad(a, 0));
}
static void t_vif(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, uint32_t, float))fn)(c, a32(a, 0), af(a, 1));
}
static void t_vFF(const void *fn, ctx_t c, wcap_slot_t *a)
{
    ((void (*)(ctx_t, double, double))fn)(c, ad(a, 0), ad(a, 1));
}
static void t_i(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] = ((uint32_t(*)(ctx_t))fn)(c);
}
static void t_ii(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] = ((uint32_t(*)(ctx_t, uint32_t))fn)(c, a32(a, 0));
}
static void t_I(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] = ((uint64_t(*)(ctx_t))fn)(c);
}
static void t_iiii(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] =
        ((uint32_t(*)(ctx_t, uint32_t, uint32_t, uint32_t, uint32_t))fn)(c, a32(a, 0), a32(a, 1), a32(a, 2), a32(a, 3));
}
static void t_iii(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] = ((uint32_t(*)(ctx_t, uint32_t, uint32_t))fn)(c, a32(a, 0), a32(a, 1));
}

/* WASI fd_seek and clock_time_get (runtime_lib/src/wasi.c). */
static void t_iIii(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] = ((uint32_t(*)(ctx_t, uint32_t, uint64_t, uint32_t, uint32_t))fn)(c, a32(a, 0), a[1], a32(a, 2), a32(a, 3));
}
static void t_iIi(const void *fn, ctx_t c, wcap_slot_t *a)
{
    a[0] = ((uint32_t(*)(ctx_t, uint32_t, uint64_t, uint32_t))fn)(c, a32(a, 0), a[1], a32(a, 2));
}

/* Shapes: signature letters (i I f F) of params, ':', results. Same order as the thunks. */
static const char *const shapes[] = {
    ":", "i:", "ii:", "I:", "f:", "F:", "if:", "FF:", ":i", "i:i", ":I", "iiii:i", "ii:i", "iIii:i", "iIi:i"};
const wcap_ix_thunk_t wcap_ix_thunks[] = {t_v, t_vi, t_vii, t_vI,   t_vf,  t_vF,   t_vif, t_vFF,
                                          t_i, t_ii, t_I,   t_iiii, t_iii, t_iIii, t_iIi};

static char letter(uint8_t vt)
{
    switch (vt) {
    case 0x7F: return 'i';
    case 0x7E: return 'I';
    case 0x7D: return 'f';
    case 0x7C: return 'F';
    default: return '?';
    }
}

int wcap_ix_shape(const wcap_ix_t *ix, const wcap_ib_type_t *t)
{
    char sig[8];
    uint32_t i, n = 0u;
    const uint8_t *vt = ix->pool + t->vtypes;
    if (t->nparams > 4u || t->nresults > 1u) { /* the longest shape: "iiii:i" */
        return -1;
    }
    for (i = 0; i < t->nparams; i++) {
        sig[n++] = letter(vt[i]);
    }
    sig[n++] = ':';
    if (t->nresults == 1u) {
        sig[n++] = letter(vt[t->nparams]);
    }
    sig[n] = '\0';
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        if (strcmp(shapes[i], sig) == 0) {
            return (int)i;
        }
    }
    return -1;
}
