/*
 * Installing a blob over a link (link.h): as it is (`wcap push`), or
 * re-signed (`wcap push BLOB --bump --key K`: the edit-push loop without hand-bumping
 * versions. The blob is re-signed (sign.h) with the version after the one the
 * device holds for its name: the installed capsule's from `ls`, and when a
 * removed capsule left a higher floor, the floor the device's rollback
 * refusal names ("...: floor N", docs/device-protocol.md), with one retry.
 * Anti-rollback is untouched: the device still refuses every version at or
 * below its floor, and only a key it trusts can sign the new version).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json.h"
#include "link.h"
#include "sign.h"
#include "wcap/blob_format.h"

int wcapc_push_install(wcapc_link_t *l, const wcapc_blob_meta_t *m)
{
    uint32_t version = 0;
    int rc = l->ops->install(l, m, &version);

    if (rc == WCAPC_EXIT_OK && l->o->json) {
        printf("{\"installed\": ");
        wcapc_json_str(stdout, m->name);
        printf(", \"version\": %u, \"target\": \"%s\"}\n", (unsigned)version,
               m->target == 0 ? "portable" : wcapc_target_id_name(m->target));
    } else if (rc == WCAPC_EXIT_OK) {
        printf("installed %s version %u\n", m->name, (unsigned)version);
    }
    fflush(stdout);
    return rc;
}

typedef struct {
    const char *name;
    uint32_t version; /* 0: not installed */
} find_t;

static int find_entry(void *user, const wcapc_entry_t *e)
{
    find_t *f = user;
    if (strcmp(e->name, f->name) == 0)
        f->version = e->version;
    return 0;
}

int wcapc_bump_resign(wcapc_blob_meta_t *m, uint32_t version, const char *key)
{
    wcapc_buf_t out = {0};
    char err[512];
    int rc = wcapc_sign_resign(m->data, m->len, version, key, &out, err, sizeof err);
    if (rc != 0) {
        wcapc_buf_free(&out);
        return wcapc_fail(rc == WCAPC_SIGN_KEY ? WCAPC_EXIT_KEY : WCAPC_EXIT_INPUT, "--bump: %s", err);
    }
    free(m->data);
    m->data = out.data;
    m->len = out.len;
    m->version = version;
    memcpy(m->key_id, m->data + WCAP_HEADER_SIZE + wcap_rd16(m->data + WCAP_HDR_MANIFEST_LEN), sizeof m->key_id);
    wcapc_note("--bump: %s re-signed as version %u", m->name, (unsigned)version);
    return WCAPC_EXIT_OK;
}

/* The N of "...: floor N" in the last refusal; 0 when it has none. */
static uint32_t refused_floor(void)
{
    const char *p = strstr(wcapc_device_refusal_last(), ": floor ");
    if (p == NULL)
        return 0;
    errno = 0;
    unsigned long v = strtoul(p + 8, NULL, 10);
    return errno == 0 && v < UINT32_MAX ? (uint32_t)v : 0;
}

int wcapc_push_bumped(wcapc_link_t *l, wcapc_blob_meta_t *m, const char *key)
{
    find_t f = {m->name, 0};
    int rc = l->ops->list(l, find_entry, &f);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    if (f.version == UINT32_MAX)
        return wcapc_fail(WCAPC_EXIT_DEVICE, "--bump: %s is installed at the last version (%u)", m->name,
                          (unsigned)f.version);
    if (f.version >= m->version && (rc = wcapc_bump_resign(m, f.version + 1u, key)) != WCAPC_EXIT_OK)
        return rc;
    wcapc_device_refusal_keep("");
    rc = wcapc_push_install(l, m);
    uint32_t floor = rc == WCAPC_EXIT_DEVICE ? refused_floor() : 0;
    if (floor == 0 || floor == UINT32_MAX || floor < m->version)
        return rc;
    fprintf(stderr, "wcap: --bump: the device keeps version %u of %s (a removed capsule's floor): pushing %u\n",
            (unsigned)floor, m->name, (unsigned)floor + 1u);
    if ((rc = wcapc_bump_resign(m, floor + 1u, key)) != WCAPC_EXIT_OK)
        return rc;
    return wcapc_push_install(l, m);
}
