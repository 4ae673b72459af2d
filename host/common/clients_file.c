/*
 * Reading the clients file: see clients_file.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "clients_file.h"

int wcap_clients_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > WCAP_AUTH_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (id[i] <= ' ' || id[i] > '~' || id[i] == '#')
            return 0;
    return 1;
}

int wcap_clients_key_ok(const char *key, size_t n)
{
    if (n < WCAP_AUTH_KEY_MIN || n > WCAP_AUTH_KEY_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (key[i] <= ' ' || key[i] > '~' || key[i] == '#')
            return 0;
    return 1;
}

/* One line (comment stripped) into client slot c->n; 0 or -1 with *why set. */
static int parse_line(char *line, wcap_clients_t *c, const char **why)
{
    char *save = NULL, *id = strtok_r(line, " \t", &save), *role = strtok_r(NULL, " \t", &save);
    char *key = strtok_r(NULL, " \t", &save), *extra = strtok_r(NULL, " \t", &save);
    int r;

    if (id == NULL)
        return 1; /* blank */
    if (role == NULL || key == NULL || extra != NULL)
        return *why = "want 'IDENTITY ROLE KEY'", -1;
    if (!wcap_clients_id_ok(id))
        return *why = "identity must be 1..32 printable characters without blanks or '#'", -1;
    if ((r = wcap_auth_role_parse(role)) < 0)
        return *why = "role must be 'reader' or 'admin'", -1;
    if (!wcap_clients_key_ok(key, strlen(key)))
        return *why = "key must be 32..64 printable characters (wcap client-key makes one)", -1;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->ids[i], id) == 0)
            return *why = "identity listed twice", -1;
    if (c->n == WCAP_CLIENTS_MAX)
        return *why = "too many clients (at most 16)", -1;
    strcpy(c->ids[c->n], id);
    memcpy(c->keys[c->n], key, strlen(key));
    c->list[c->n] = (wcap_auth_client_t){c->ids[c->n], (uint8_t)r, (uint8_t)strlen(key), c->keys[c->n]};
    c->n++;
    return 0;
}

int wcap_clients_load(const char *prog, const char *path, wcap_clients_t *c)
{
    char line[512];
    const char *why = NULL;
    unsigned lineno = 0;
    FILE *f = fopen(path, "r");

    memset(c, 0, sizeof *c);
    if (f == NULL) {
        fprintf(stderr, "%s: error: cannot read the clients file %s\n", prog, path);
        return -1;
    }
    while (why == NULL && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f))
            why = "line too long";
        line[strcspn(line, "#\r\n")] = '\0';
        if (why == NULL)
            (void)parse_line(line, c, &why);
    }
    fclose(f);
    memset(line, 0, sizeof line); /* held a key */
    if (why == NULL && c->n == 0)
        why = "no client listed (add 'IDENTITY admin KEY', see wcap client-key)";
    if (why != NULL) {
        fprintf(stderr, "%s: error: %s:%u: %s\n", prog, path, lineno, why);
        return -1;
    }
    return 0;
}
