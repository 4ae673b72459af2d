/*
 * Natives (host functions by name, wcap/natives.h) in a capsule's link: the
 * manifest declares every one it imports with its ID, "module.name" and
 * signature; each must match a native of this device exactly, or the capsule
 * is refused with the import's name (wcap_ldr_detail). An import of a native
 * the manifest did not declare is refused, so the signature check cannot be
 * skipped.
 */
#include <string.h>

#include <pb_decode.h>

#include "ldr_priv.h"
#include "manifest.pb.h"
#include "wcap/natives.h"
#include "wcap/symtab.h"

#define NATIVE_TAG 0x8000u /* buf.imports entry: 0x8000 | native ID */

static void set_detail(wcap_ldr_t *ld, const char *module, const char *name)
{
    size_t m = strlen(module), n = strlen(name);
    if (m + 1u + n >= sizeof ld->detail) {
        n = m + 1u < sizeof ld->detail ? sizeof ld->detail - 2u - m : 0u;
    }
    if (m + 1u >= sizeof ld->detail) {
        m = sizeof ld->detail - 2u;
    }
    memcpy(ld->detail, module, m);
    ld->detail[m] = '.';
    memcpy(ld->detail + m + 1u, name, n);
    ld->detail[m + 1u + n] = '\0';
}

/* Is "module.name" this native's? */
static int same_name(const wcap_native_t *n, const char *full)
{
    size_t m = strlen(n->module);
    return strncmp(full, n->module, m) == 0 && full[m] == '.' && strcmp(full + m + 1u, n->name) == 0;
}

bool wcap_ldr_native_decl(pb_istream_t *s, const pb_field_t *field, void **arg)
{
    wcap_ldr_t *ld = (wcap_ldr_t *)*arg;
    wcap_Native d = wcap_Native_init_zero;
    const wcap_native_t *n;
    (void)field;
    if (!pb_decode(s, wcap_Native_fields, &d)) {
        return false; /* malformed: WCAP_E_LDR_MANIFEST */
    }
    d.name[sizeof d.name - 1u] = '\0';
    d.sig[sizeof d.sig - 1u] = '\0';
    n = d.id <= 0xFFFFu ? wcap_natives_find((uint16_t)d.id) : NULL;
    if (n == NULL) {
        ld->error = WCAP_E_LDR_NATIVE_MISSING;
    } else if ((d.name[0] != '\0' || d.id > WCAP_NATIVE_ID_BUILTIN_LAST)
                   ? !same_name(n, d.name) || strcmp(n->sig, d.sig) != 0
                   : strcmp(n->sig, d.sig) != 0) {
        /* an empty name: a built-in declared by its ID alone (fixed forever; the WASI subset) */
        ld->error = WCAP_E_LDR_NATIVE_SIG;
    } else if (ld->n_natives >= WCAP_LDR_NATIVES_MAX) {
        ld->error = WCAP_E_LDR_LAYOUT;
    } else {
        ld->natives[ld->n_natives++] = (uint16_t)d.id;
        return true;
    }
    if (ld->error != WCAP_E_LDR_LAYOUT) {
        if (d.name[0] == '\0' && n != NULL) {
            set_detail(ld, n->module, n->name);
        } else {
            strncpy(ld->detail, d.name, sizeof ld->detail - 1u);
            ld->detail[sizeof ld->detail - 1u] = '\0';
        }
    }
    return false;
}

int wcap_ldr_link_native(wcap_ldr_t *ld, uint32_t index, uint16_t id)
{
    const wcap_native_t *n = wcap_natives_find(id);
    uint8_t i;
    if (n == NULL) {
        return WCAP_E_LDR_NATIVE_MISSING;
    }
    for (i = 0; i < ld->n_natives && ld->natives[i] != id; i++) {
    }
    if (i == ld->n_natives) {
        set_detail(ld, n->module, n->name);
        return WCAP_E_LDR_NATIVE_UNDECLARED;
    }
    if ((n->cap & ld->man.caps) != n->cap) {
        set_detail(ld, n->module, n->name);
        return WCAP_E_LDR_CAPS;
    }
    ld->buf.imports[index] = (uint16_t)(NATIVE_TAG | id);
    return WCAP_OK;
}

const void *wcap_ldr_import_addr(const wcap_ldr_t *ld, uint32_t index)
{
    uint16_t v = ld->buf.imports[index];
    if ((v & NATIVE_TAG) != 0u) {
        return wcap_natives_find((uint16_t)(v & ~NATIVE_TAG))->fn; /* found when linked */
    }
    return ld->cfg->symtab->syms[v].addr;
}

const char *wcap_ldr_detail(const wcap_ldr_t *ld)
{
    return ld->detail;
}
