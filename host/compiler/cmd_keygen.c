/*
 * `wcap keygen --out PREFIX [--force]`: a P-256 signing key pair.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "keys.h"
#include "util.h"
#include "compiler_cmds.h"
#include "diag.h"

static void help(FILE *out)
{
    fprintf(out, "usage: wcap keygen --out PREFIX [--force]\n\n"
                 "Creates an ECDSA P-256 key pair for signing capsules:\n"
                 "  PREFIX.key  private key, PEM (SEC1 \"EC PRIVATE KEY\"), file mode 0600\n"
                 "  PREFIX.pub  public key, PEM (SubjectPublicKeyInfo); devices trust this one\n"
                 "Refuses to overwrite existing files unless --force is given (exit 6).\n"
                 "The build creates the development pair build/keys/dev.{key,pub} this way, once.\n\n");
    wcapc_print_exit_codes(out);
}

int wcapc_cmd_keygen(int argc, char **argv)
{
    const char *prefix = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return WCAPC_EXIT_OK;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            prefix = argv[++i];
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else {
            return wcapc_fail(WCAPC_EXIT_USAGE, "keygen: unexpected argument '%s' (see wcap keygen --help)", argv[i]);
        }
    }
    if (!prefix || !*prefix)
        return wcapc_fail(WCAPC_EXIT_USAGE, "keygen: --out PREFIX is required");
    char key_path[4096], pub_path[4096];
    if (snprintf(key_path, sizeof key_path, "%s.key", prefix) >= (int)sizeof key_path ||
        snprintf(pub_path, sizeof pub_path, "%s.pub", prefix) >= (int)sizeof pub_path)
        return wcapc_fail(WCAPC_EXIT_USAGE, "keygen: prefix too long");
    if (!force && (access(key_path, F_OK) == 0 || access(pub_path, F_OK) == 0))
        return wcapc_fail(WCAPC_EXIT_KEY, "keygen: %s or %s already exists (use --force to overwrite)", key_path,
                          pub_path);
    char priv[1024], pub[512], err[256];
    if (wcapc_keygen_pem(priv, sizeof priv, pub, sizeof pub, err, sizeof err))
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "keygen: %s", err);
    if (wcapc_write_atomic(key_path, priv, strlen(priv), 0600))
        return wcapc_fail(WCAPC_EXIT_OUTPUT, "keygen: cannot write %s: %s", key_path, strerror(errno));
    if (wcapc_write_atomic(pub_path, pub, strlen(pub), 0644)) {
        int e = errno;
        unlink(key_path);
        return wcapc_fail(WCAPC_EXIT_OUTPUT, "keygen: cannot write %s: %s", pub_path, strerror(e));
    }
    printf("wrote %s and %s\n", key_path, pub_path);
    return WCAPC_EXIT_OK;
}
