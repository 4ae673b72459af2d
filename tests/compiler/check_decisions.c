/*
 * host/compiler/wasm_checks.c against a golden file: the bounds-check
 * decision of every access of a module, one line per access:
 *
 *   f<function> a<access> <kind>[ group a<first>][ lo <lo> span <span>]
 *
 *   wcapc_check_decisions MODULE.wasm MIN_SIZE GOLDEN    compare (exit 1 on a difference)
 *   wcapc_check_decisions MODULE.wasm MIN_SIZE -         print (to write a new golden file)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wasm_access.h"
#include "wasm_check.h"
#include "wasm_checks.h"

static const char *const cmp_names[5] = {"ne", "lt_s", "lt_u", "gt_s", "gt_u"};

static int describe(const char *wasm, uint32_t min_size, wcapc_buf_t *out)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    char err[512];
    if (wcapc_read_file(wasm, 1u << 20, &bytes, &len))
        len = 0;
    wcapc_module_t m;
    wcapc_accesses_t a;
    wcapc_check_t *c;
    wcapc_loops_t L;
    if (len == 0 || wcapc_wasm_parse(bytes, len, &m, err, sizeof err)) {
        fprintf(stderr, "FAIL: %s: %s\n", wasm, len ? err : "unreadable");
        return -1;
    }
    if (wcapc_accesses_read(&m, &a, err, sizeof err) ||
        wcapc_checks_decide(&m, &a, min_size, &c, &L, err, sizeof err)) {
        fprintf(stderr, "FAIL: %s: %s\n", wasm, err);
        return -1;
    }
    int rc = 0;
    for (uint32_t fn = 0; fn < a.n_funcs && rc == 0; fn++)
        for (uint32_t i = a.first[fn]; i < a.first[fn + 1] && rc == 0; i++) {
            rc = wcapc_buf_printf(out, "f%u a%u %s", fn, i, wcapc_check_kind_names[c[i].kind]);
            if (rc == 0 && (c[i].kind == WCAPC_CHECK_GROUP || c[i].kind == WCAPC_CHECK_COVERED))
                rc = wcapc_buf_printf(out, " group a%u", c[i].group);
            if (rc == 0 && c[i].kind == WCAPC_CHECK_GROUP)
                rc = wcapc_buf_printf(out, " lo %d span %u", (int)(int32_t)c[i].lo, c[i].span);
            if (rc == 0 && c[i].loop)
                rc = wcapc_buf_printf(out, " loop %u", c[i].loop);
            if (rc == 0)
                rc = wcapc_buf_printf(out, "\n");
        }
    for (uint32_t l = 0; l < L.n && rc == 0; l++) {
        const wcapc_loop_t *lp = &L.loops[l];
        rc = wcapc_buf_printf(out, "loop %u: f%u L%u while (l%u %+d, step %d) %s ", l + 1, lp->func, lp->label,
                              lp->e_local, (int)lp->e_off, (int)lp->e_step, cmp_names[lp->cmp - 0x47]);
        if (rc == 0)
            rc = lp->n_local == WCAPC_NO_LOCAL ? wcapc_buf_printf(out, "%u\n", lp->n_off)
                                               : wcapc_buf_printf(out, "l%u %+d\n", lp->n_local, (int)lp->n_off);
        for (uint32_t r = lp->first_range; r < lp->first_range + lp->n_ranges && rc == 0; r++) {
            const wcapc_loop_range_t *g = &L.ranges[r];
            rc = wcapc_buf_printf(out, "  a%u: ", g->access);
            if (rc == 0 && g->inv != WCAPC_NO_LOCAL)
                rc = wcapc_buf_printf(out, "l%u + ", g->inv);
            if (rc == 0 && g->iv != WCAPC_NO_LOCAL)
                rc = wcapc_buf_printf(out, "(l%u %+d, step %d) << %u + ", g->iv, (int)g->ivoff, (int)g->step,
                                      (unsigned)g->shift);
            if (rc == 0)
                rc = wcapc_buf_printf(out, "%lld, extra %u\n", (long long)g->c, g->extra);
        }
    }
    wcapc_loops_free(&L);
    free(c);
    wcapc_accesses_free(&a);
    wcapc_wasm_free(&m);
    free(bytes);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODULE.wasm MIN_SIZE GOLDEN|-\n", argv[0]);
        return 2;
    }
    wcapc_buf_t got = {0};
    if (describe(argv[1], (uint32_t)strtoul(argv[2], NULL, 0), &got) || wcapc_buf_put(&got, "", 1))
        return 1;
    const char *g = (const char *)got.data;
    if (strcmp(argv[3], "-") == 0) {
        fputs(g, stdout);
        wcapc_buf_free(&got);
        return 0;
    }
    static char want[1 << 16];
    FILE *f = fopen(argv[3], "r");
    size_t n = f ? fread(want, 1, sizeof want - 1, f) : 0;
    if (f)
        fclose(f);
    want[n] = 0;
    /* The golden file may start with '#' comment lines. */
    const char *w = want;
    while (*w == '#') {
        const char *nl = strchr(w, '\n');
        w = nl ? nl + 1 : w + strlen(w);
    }
    if (strcmp(g, w) != 0) {
        fprintf(stderr, "FAIL: the decisions differ from %s.\ngot:\n%swant:\n%s", argv[3], g, w);
        return 1;
    }
    printf("check decisions: %s as %s\n", argv[1], argv[3]);
    wcapc_buf_free(&got);
    return 0;
}
