/*
 * `wcap client-key --identity ID [--role admin|reader] --out PREFIX [--clients FILE] [--force]`:
 * a client's pre-shared key for managing devices (docs/device-protocol.md,
 * "Authentication"): PREFIX.psk for the CLI (--psk-file) and a clients-file
 * line `ID ROLE KEY` for the device (wcapd --clients, or a board's build).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "client.h"
#include "client_cmds.h"
#include "clients_file.h"
#include "util.h"
#include "diag.h"

#define KEY_BYTES 16 /* random bytes; written as 32 hex digits, the key's 32 characters */

static void help(FILE *out)
{
    fprintf(out,
            "usage: wcap client-key --identity ID [--role admin|reader] --out PREFIX [--clients FILE] [--force]\n\n"
            "Creates a pre-shared key for one client of a device:\n"
            "  PREFIX.psk   the key (32 hex digits, the characters are the key's bytes, as\n"
            "               `coap-client -k KEY` takes it), file mode 0600; give it to the CLI with\n"
            "               --identity ID --psk-file PREFIX.psk (or WCAP_IDENTITY, WCAP_PSK_FILE)\n"
            "  FILE         with --clients, the line 'ID ROLE KEY' is appended to this clients file\n"
            "               (created with mode 0600), the file wcapd --clients reads and a board's\n"
            "               build compiles in (-DWCAP_CLIENTS=FILE); without it the line is printed.\n"
            "Roles: admin may do everything (push, run, call, start, stop, rm, reboot); reader may\n"
            "only read (info, ls). Default role: admin.\n"
            "Refuses to overwrite PREFIX.psk unless --force, and an ID already in FILE (exit 6).\n\n");
    wcapc_print_exit_codes(out);
}

/* 1 if FILE already lists `id`. */
static int listed(const char *path, const char *id)
{
    char line[512];
    int found = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        size_t n = strcspn(line, " \t#\r\n");
        found = n == strlen(id) && memcmp(line, id, n) == 0;
    }
    fclose(f);
    return found;
}

static int append_line(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    size_t n = strlen(text);
    int ok = fd >= 0 && write(fd, text, n) == (ssize_t)n;
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

int wcapc_cmd_client_key(int argc, char **argv)
{
    const char *id = NULL, *role = "admin", *prefix = NULL, *clients = NULL;
    int force = 0;

    for (int i = 1; i < argc; i++) {
        int v = i + 1 < argc;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return WCAPC_EXIT_OK;
        } else if (!strcmp(argv[i], "--identity") && v) {
            id = argv[++i];
        } else if (!strcmp(argv[i], "--role") && v) {
            role = argv[++i];
        } else if (!strcmp(argv[i], "--out") && v) {
            prefix = argv[++i];
        } else if (!strcmp(argv[i], "--clients") && v) {
            clients = argv[++i];
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else {
            return wcapc_fail(WCAPC_EXIT_USAGE, "client-key: unexpected argument '%s' (see wcap client-key --help)",
                              argv[i]);
        }
    }
    if (id == NULL || prefix == NULL || !*prefix)
        return wcapc_fail(WCAPC_EXIT_USAGE, "client-key: --identity ID and --out PREFIX are required");
    if (!wcap_clients_id_ok(id))
        return wcapc_fail(WCAPC_EXIT_USAGE,
                          "client-key: identity '%s': 1..32 printable characters without blanks "
                          "or '#'",
                          id);
    if (wcap_auth_role_parse(role) < 0)
        return wcapc_fail(WCAPC_EXIT_USAGE, "client-key: --role must be admin or reader, not '%s'", role);
    char path[4096];
    if (snprintf(path, sizeof path, "%s.psk", prefix) >= (int)sizeof path)
        return wcapc_fail(WCAPC_EXIT_USAGE, "client-key: prefix too long");
    if (!force && access(path, F_OK) == 0)
        return wcapc_fail(WCAPC_EXIT_KEY, "client-key: %s already exists (use --force to overwrite)", path);
    if (clients && listed(clients, id))
        return wcapc_fail(WCAPC_EXIT_KEY, "client-key: %s already lists identity '%s'", clients, id);

    unsigned char raw[KEY_BYTES];
    char key[2 * KEY_BYTES + 2], line[128];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "client-key: no random bytes from the kernel");
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(key + 2 * i, 3, "%02x", raw[i]);
    memset(raw, 0, sizeof raw);
    snprintf(line, sizeof line, "%s %s %s\n", id, role, key);
    strcat(key, "\n");
    int rc = WCAPC_EXIT_OK;
    if (wcapc_write_atomic(path, key, strlen(key), 0600))
        rc = wcapc_fail(WCAPC_EXIT_OUTPUT, "client-key: cannot write %s: %s", path, strerror(errno));
    else if (clients && append_line(clients, line) != 0)
        rc = wcapc_fail(WCAPC_EXIT_OUTPUT, "client-key: cannot append to %s: %s", clients, strerror(errno));
    else if (clients)
        printf("wrote %s; added '%s' (%s) to %s\n", path, id, role, clients);
    else
        printf("wrote %s; the device's clients file needs this line:\n%s", path, line);
    memset(key, 0, sizeof key);
    memset(line, 0, sizeof line);
    return rc;
}
