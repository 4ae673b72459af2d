/*
 * Reading an API description file (api_file.h).
 */
#include "api_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wcap/blob_format.h"
#include "diag.h"

typedef struct {
    const char *path;
    unsigned line;
} where_t;

static int bad(const where_t *w, const char *why, const char *what)
{
    return wcapc_fail(WCAPC_EXIT_USAGE, "build: --api %s:%u: %s%s%s", w->path, w->line, why, what[0] ? ": " : "", what);
}

/* Removes C comments (keeping newlines, so line numbers stay right). */
static void strip_comments(char *s)
{
    for (char *p = s; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            char *e = strstr(p + 2, "*/");
            char *end = e ? e + 2 : p + strlen(p);
            for (char *q = p; q < end; q++)
                if (*q != '\n')
                    *q = ' ';
            p = end - 1;
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                *p++ = ' ';
            p--;
        }
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static int ident_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= WCAPC_API_IDENT_MAX)
        return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* "text" -> text (letters iIfF only, at most `max` of them). */
static int letters(char *s, size_t max, char *out, size_t cap)
{
    size_t n = strlen(s);
    if (n < 2 || s[0] != '"' || s[n - 1] != '"')
        return 0;
    s[n - 1] = 0;
    s++;
    if (strlen(s) > max || strlen(s) >= cap || strspn(s, "iIfF") != strlen(s))
        return 0;
    snprintf(out, cap, "%s", s);
    return 1;
}

/* Splits "A, B, C)" at commas into at most max trimmed fields; returns the count. */
static int fields(char *args, char **f, int max)
{
    char *close = strrchr(args, ')');
    if (!close || *trim(close + 1))
        return -1;
    *close = 0;
    int n = 0;
    for (char *tok = strtok(args, ","); tok && n < max + 1; tok = strtok(NULL, ","))
        f[n++] = trim(tok);
    return n;
}

static const wcapc_api_cap_t *find_cap(const wcapc_api_t *api, const char *name)
{
    for (size_t i = 0; i < api->n_caps; i++)
        if (!strcmp(api->caps[i].name, name))
            return &api->caps[i];
    return NULL;
}

static int cap_line(const where_t *w, char *args, wcapc_api_t *api)
{
    char *f[3];
    char *end;
    if (fields(args, f, 2) != 2)
        return bad(w, "want WCAP_API_CAP(name, bit)", "");
    long bit = strtol(f[1], &end, 10);
    if (!ident_ok(f[0]))
        return bad(w, "capability names are 1..31 of [a-z0-9_]", f[0]);
    if (*end || bit < 8 || bit > 31)
        return bad(w, "capability bits of an API file are 8..31 (0..7 are the built-in ones)", f[1]);
    for (size_t i = 0; i < api->n_caps; i++)
        if (!strcmp(api->caps[i].name, f[0]) || api->caps[i].bit == 1u << bit)
            return bad(w, "capability name or bit defined twice", f[0]);
    if (api->n_caps >= sizeof api->caps / sizeof api->caps[0])
        return bad(w, "too many capabilities", "");
    wcapc_api_cap_t *c = &api->caps[api->n_caps++];
    snprintf(c->name, sizeof c->name, "%s", f[0]);
    c->bit = 1u << bit;
    return 0;
}

static int fn_line(const where_t *w, char *args, wcapc_api_t *api)
{
    char *f[8];
    char *end;
    if (fields(args, f, 7) != 7)
        return bad(w, "want WCAP_API_FN(id, module, name, \"params\", \"results\", cap, impl)", "");
    unsigned long id = strtoul(f[0], &end, 0);
    if (*end || id < WCAP_NATIVE_ID_USER_FIRST || id > WCAP_NATIVE_ID_USER_LAST)
        return bad(w, "function IDs of an API file are 2048..4095", f[0]);
    if (api->n_fns && id <= api->fns[api->n_fns - 1].id)
        return bad(w, "function IDs must be ascending (and are never reused)", f[0]);
    if (!ident_ok(f[1]) || !ident_ok(f[2]))
        return bad(w, "module and function names are 1..31 of [a-z0-9_]", f[2]);
    if (!strcmp(f[1], "wcap"))
        return bad(w, "module \"wcap\" is the built-in API; choose your own module name", f[1]);
    if (!strncmp(f[1], "wasi", 4))
        return bad(w, "modules wasi* are WASI's (wcap's subset is built in); choose your own module name", f[1]);
    if (api->n_fns >= sizeof api->fns / sizeof api->fns[0])
        return bad(w, "too many functions (a device registers at most 32)", "");
    wcapc_api_fn_t *fn = &api->fns[api->n_fns];
    if (!letters(f[3], 14, fn->params, sizeof fn->params) || !letters(f[4], 1, fn->results, sizeof fn->results))
        return bad(w, "signatures are quoted letters i I f F (at most 14 parameters, 1 result)", f[2]);
    const wcapc_api_cap_t *c = find_cap(api, f[5]);
    if (!c)
        return bad(w, "capability not defined above with WCAP_API_CAP", f[5]);
    fn->id = (uint16_t)id;
    snprintf(fn->module, sizeof fn->module, "%s", f[1]);
    snprintf(fn->name, sizeof fn->name, "%s", f[2]);
    snprintf(fn->mangled, sizeof fn->mangled, "Z_%sZ_%s", f[1], f[2]);
    fn->cap = c->bit;
    api->n_fns++;
    return 0;
}

int wcapc_api_load(const char *path, wcapc_api_t *api)
{
    uint8_t *text;
    size_t len;
    memset(api, 0, sizeof *api);
    if (wcapc_read_file(path, 1u << 20, &text, &len))
        return wcapc_fail(WCAPC_EXIT_USAGE, "build: cannot read --api %s: %s", path, strerror(errno));
    strip_comments((char *)text);
    where_t w = {path, 0};
    int rc = 0;
    char *line, *next = (char *)text;
    while (!rc && next) {
        line = next;
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        w.line++;
        line = trim(line);
        if (!*line || line[0] == '#')
            continue;
        if (!strncmp(line, "WCAP_API_CAP(", 13))
            rc = cap_line(&w, line + 13, api);
        else if (!strncmp(line, "WCAP_API_FN(", 12))
            rc = fn_line(&w, line + 12, api);
        else
            rc = bad(&w, "not a WCAP_API_CAP(...) or WCAP_API_FN(...) line", line);
    }
    if (!rc && api->n_fns == 0)
        rc = wcapc_fail(WCAPC_EXIT_USAGE, "build: --api %s: no WCAP_API_FN lines", path);
    free(text);
    return rc;
}
