/*
 * `wcap verify BLOB --pub KEY`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "json.h"
#include "keys.h"
#include "util.h"
#include "compiler_cmds.h"
#include "diag.h"

#define MAX_BLOB_SIZE (64u << 20)

static void help(FILE *out)
{
    fprintf(out, "usage: wcap verify BLOB --pub KEY [--json]\n\n"
                 "Checks the blob's structure (header, manifest, sizes, relocation records), that its\n"
                 "signature over header||manifest was made by KEY (PEM public key, e.g. build/keys/dev.pub),\n"
                 "and the payload digest. Exit 0 only if the blob is intact and signed by KEY; otherwise\n"
                 "one line with the reason and exit 10 (3 if BLOB cannot be read, 6 for a bad KEY).\n"
                 "--json: {\"blob\": PATH, \"valid\": true|false[, \"error\": REASON]} on stdout (the exit\n"
                 "code is the same).\n\n");
    wcapc_print_exit_codes(out);
}

int wcapc_cmd_verify(int argc, char **argv)
{
    const char *blob_path = NULL, *pub = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return WCAPC_EXIT_OK;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--pub") && i + 1 < argc) {
            pub = argv[++i];
        } else if (argv[i][0] != '-' && !blob_path) {
            blob_path = argv[i];
        } else {
            return wcapc_fail(WCAPC_EXIT_USAGE, "verify: unexpected argument '%s' (see wcap verify --help)", argv[i]);
        }
    }
    if (!blob_path || !pub)
        return wcapc_fail(WCAPC_EXIT_USAGE, "verify: BLOB and --pub KEY are required");
    uint8_t point[WCAP_PUBKEY_SIZE], *data;
    size_t len;
    char err[512];
    if (wcapc_load_pub(pub, point, err, sizeof err))
        return wcapc_fail(WCAPC_EXIT_KEY, "%s", err);
    if (wcapc_read_file(blob_path, MAX_BLOB_SIZE, &data, &len))
        return wcapc_fail(WCAPC_EXIT_INPUT, "cannot read %s: %s", blob_path, strerror(errno));
    int rc = wcapc_blob_verify(data, len, point, err, sizeof err);
    free(data);
    if (json) {
        printf("{\"blob\": ");
        wcapc_json_str(stdout, blob_path);
        printf(", \"valid\": %s", rc ? "false" : "true");
        if (rc) {
            printf(", \"error\": ");
            wcapc_json_str(stdout, err);
        }
        printf("}\n");
    }
    if (rc)
        return wcapc_fail(WCAPC_EXIT_VERIFY, "%s: %s", blob_path, err);
    if (!json)
        printf("%s: OK (signature and payload digest valid)\n", blob_path);
    return WCAPC_EXIT_OK;
}
