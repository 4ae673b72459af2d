/*
 * The CLI's credential for a device (--identity ID --psk-file F, or the
 * environment variables WCAP_IDENTITY and WCAP_PSK_FILE): see client.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clients_file.h"
#include "diag.h"

int wcapc_cred_load(wcapc_cred_t *c, const char *identity, const char *psk_file)
{
    char text[WCAP_AUTH_KEY_MAX + 8];
    FILE *f;

    memset(c, 0, sizeof *c);
    if (identity == NULL && psk_file == NULL) {
        identity = getenv("WCAP_IDENTITY");
        psk_file = getenv("WCAP_PSK_FILE");
        if (identity != NULL && !*identity && psk_file != NULL && !*psk_file)
            identity = psk_file = NULL; /* both set empty: anonymous */
    }
    if (identity == NULL && psk_file == NULL)
        return WCAPC_EXIT_OK;
    if (identity == NULL || psk_file == NULL)
        return wcapc_fail(WCAPC_EXIT_USAGE, "give both --identity ID and --psk-file F (or WCAP_IDENTITY and "
                                            "WCAP_PSK_FILE), or neither for anonymous read-only access");
    if (!wcap_clients_id_ok(identity))
        return wcapc_fail(WCAPC_EXIT_USAGE, "identity '%s': 1..32 printable characters without blanks or '#'",
                          identity);
    if ((f = fopen(psk_file, "r")) == NULL)
        return wcapc_fail(WCAPC_EXIT_USAGE, "cannot read the PSK file %s (make one with wcap client-key)", psk_file);
    size_t n = fread(text, 1, sizeof text, f);
    fclose(f);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        n--;
    int ok = n < sizeof text - 7 && wcap_clients_key_ok(text, n);
    if (ok) {
        memcpy(c->key, text, n);
        c->key_len = n;
        strcpy(c->identity, identity);
    }
    memset(text, 0, sizeof text);
    if (!ok)
        return wcapc_fail(WCAPC_EXIT_USAGE,
                          "%s: a PSK file holds one key of 32..64 printable characters "
                          "(wcap client-key makes one)",
                          psk_file);
    return WCAPC_EXIT_OK;
}
