/*
 * wcap-exec: load one .wcap blob through the device loader with the posix
 * port and call one export.
 *
 *   wcap-exec BLOB --trust KEY.pub [--trust K2.pub] [--export NAME] [--repeat N]
 *             [--ram BYTES] [--stack BYTES] [--time MS] [--stack-peak] [ARGS...]
 *
 * Prints the capsule's log lines, then the results on the LAST line
 * (i32/i64 signed decimal, f32 %.9g, f64 %.17g; several results separated
 * by spaces). Exit: 0 ok, 1 usage or arguments, 2 load error (wcap_strerror
 * message), 3 trap ("trap: <message>" on stderr).
 * --stack-peak: paints the stack budget around each export call and prints
 * "stack_peak BYTES budget BYTES" on stderr (the largest peak of the calls,
 * also after a trap): the native stack the AOT code used below the runtime.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host_keys.h"
#include "wcap/heap.h"
#include "wcap/loader.h"
#include "wcap/port_posix.h"
#include "wcap/interp.h"
#include "wcap/symtab.h"

#define MAX_KEYS 8
#define MAX_VALS 32
#define CHUNK 64

typedef struct {
    const char *blob, *export_name;
    wcap_trusted_key_t keys[MAX_KEYS];
    size_t n_keys;
    unsigned long repeat;
    size_t ram, stack;
    uint32_t time_ms;
    int stack_peak;
    char **args;
    int n_args;
} opts_t;

static void usage(void)
{
    fprintf(stderr, "usage: wcap-exec BLOB --trust KEY.pub [--trust KEY.pub] [--export NAME] [--repeat N]\n"
                    "                 [--ram BYTES] [--stack BYTES] [--time MS] [--stack-peak] [ARGS...]\n");
    exit(1);
}

static unsigned long num(const char *s, const char *what)
{
    char *end;
    unsigned long v;
    errno = 0;
    v = strtoul(s, &end, 0);
    if (errno != 0 || end == s || *end != '\0') {
        fprintf(stderr, "wcap-exec: bad %s: %s\n", what, s);
        exit(1);
    }
    return v;
}

static void parse(int argc, char **argv, opts_t *o)
{
    static char *rest[MAX_VALS];
    char err[256];
    int i;
    memset(o, 0, sizeof *o);
    o->export_name = "run";
    o->repeat = 1;
    o->stack = 1u << 20;
    o->time_ms = 10000;
    o->args = rest;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "--trust") == 0 && has) {
            if (o->n_keys == MAX_KEYS) {
                usage();
            }
            if (wcap_host_load_pub(argv[++i], &o->keys[o->n_keys], err, sizeof err) != 0) {
                fprintf(stderr, "wcap-exec: %s\n", err);
                exit(1);
            }
            o->n_keys++;
        } else if (strcmp(a, "--export") == 0 && has) {
            o->export_name = argv[++i];
        } else if (strcmp(a, "--repeat") == 0 && has) {
            o->repeat = num(argv[++i], "--repeat");
        } else if (strcmp(a, "--ram") == 0 && has) {
            o->ram = num(argv[++i], "--ram");
        } else if (strcmp(a, "--stack") == 0 && has) {
            o->stack = num(argv[++i], "--stack");
        } else if (strcmp(a, "--time") == 0 && has) {
            o->time_ms = (uint32_t)num(argv[++i], "--time");
        } else if (strcmp(a, "--stack-peak") == 0) {
            o->stack_peak = 1;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc && o->n_args < MAX_VALS; i++) {
                rest[o->n_args++] = argv[i];
            }
        } else if (a[0] == '-' && a[1] == '-') {
            usage();
        } else if (o->blob == NULL) {
            o->blob = a;
        } else if (o->n_args < MAX_VALS) {
            rest[o->n_args++] = argv[i];
        } else {
            usage();
        }
    }
    if (o->blob == NULL || o->n_keys == 0 || o->repeat == 0) {
        usage();
    }
}

static void on_output(void *user, wcap_out_kind_t kind, const uint8_t *data, size_t len)
{
    (void)user;
    fwrite(data, 1, len, stdout);
    if (kind != WCAP_OUT_LOG_PART) /* a piece of a line (WASI fd_write): the line goes on */
        fputc('\n', stdout);
}

static int load_file(const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        return -1;
    }
    *buf = malloc((size_t)n + 1u);
    if (*buf == NULL || fread(*buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return -1;
    }
    fclose(f);
    *len = (size_t)n;
    return 0;
}

static int parse_arg(char t, const char *s, wcap_val_t *v)
{
    char *end;
    errno = 0;
    switch (t) {
    case 'i': {
        long long x = strtoll(s, &end, 0);
        if (x < INT32_MIN || x > UINT32_MAX)
            errno = ERANGE;
        v->i32 = (uint32_t)x;
        break;
    }
    case 'I':
        if (s[0] == '-')
            v->i64 = (uint64_t)strtoll(s, &end, 0);
        else
            v->i64 = strtoull(s, &end, 0);
        break;
    case 'f': v->f32 = strtof(s, &end); break;
    default: v->f64 = strtod(s, &end); break;
    }
    return (errno != 0 || end == s || *end != '\0') ? -1 : 0;
}

static void print_results(const char *rsig, const wcap_val_t *v)
{
    size_t i;
    for (i = 0; rsig[i] != '\0'; i++) {
        if (i)
            putchar(' ');
        switch (rsig[i]) {
        case 'i': printf("%" PRId32, (int32_t)v[i].i32); break;
        case 'I': printf("%" PRId64, (int64_t)v[i].i64); break;
        case 'f': printf("%.9g", (double)v[i].f32); break;
        default: printf("%.17g", v[i].f64); break;
        }
    }
    if (i)
        putchar('\n');
}

static int load(const opts_t *o, wcap_ldr_config_t *cfg, wcap_capsule_t *cap)
{
    static wcap_ldr_t ld;
    uint8_t *blob;
    size_t len, off;
    int rc;

    if (load_file(o->blob, &blob, &len) != 0) {
        fprintf(stderr, "wcap-exec: cannot read %s\n", o->blob);
        exit(1);
    }
    wcap_ldr_init(&ld, cfg);
    rc = wcap_ldr_begin(&ld, cap);
    for (off = 0; rc == WCAP_OK && off < len; off += CHUNK) {
        rc = wcap_ldr_feed(&ld, blob + off, len - off < CHUNK ? len - off : CHUNK);
    }
    if (rc == WCAP_OK) {
        rc = wcap_ldr_finish(&ld);
    }
    free(blob);
    if (rc != WCAP_OK) {
        fprintf(stderr, "wcap-exec: %s\n", wcap_strerror(rc));
        if (rc == WCAP_E_LDR_INIT_TRAP) {
            fprintf(stderr, "trap: %s\n", wcap_rt_trap_message(wcap_ldr_init_trap(&ld)));
        }
    }
    return rc;
}

int main(int argc, char **argv)
{
    static wcap_heap_t heap;
    static wcap_capsule_t cap;
    opts_t o;
    wcap_ldr_config_t cfg;
    wcap_val_t vals[MAX_VALS];
    const wcap_export_t *e;
    const char *rsig;
    uint32_t np, nr;
    size_t arena_len;
    uint8_t *arena;
    unsigned long k;
    uint32_t peak = 0;
    struct timespec t0, t1;
    int i, rc = WCAP_OK;

    parse(argc, argv, &o);
    arena = wcap_posix_arena(&arena_len);
    if (arena == NULL || wcap_heap_init(&heap, arena, o.ram && o.ram < arena_len ? o.ram : arena_len) != 0) {
        fprintf(stderr, "wcap-exec: cannot set up the capsule arena\n");
        return 1;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.target = WCAP_TARGET_X86_64;
    cfg.keys = o.keys;
    cfg.n_keys = o.n_keys;
    cfg.symtab = wcap_rt_symtab();
    cfg.granted_caps = WCAP_CAP_ALL;
    cfg.max_mem = (uint32_t)heap.size;
    cfg.max_stack = (uint32_t)o.stack;
    cfg.default_time_ms = o.time_ms;
    cfg.alloc = wcap_heap_cfg_alloc;
    cfg.free = wcap_heap_cfg_free;
    cfg.largest_free = wcap_heap_cfg_largest_free;
    cfg.interp = &wcap_interp_engine;
    cfg.user = &heap;
    if (load(&o, &cfg, &cap) != WCAP_OK) {
        return 2;
    }
    cap.rt.out = on_output;
    e = wcap_rt_find_export(&cap.rt, o.export_name);
    if (e == NULL) {
        fprintf(stderr, "wcap-exec: %s: %s\n", wcap_strerror(WCAP_E_RT_NO_EXPORT), o.export_name);
        return 1;
    }
    if (wcap_rt_sig_parse(e->sig, &np, &nr) != 0 || np > MAX_VALS || nr > MAX_VALS) {
        fprintf(stderr, "wcap-exec: export %s has an unusable signature\n", o.export_name);
        return 1;
    }
    if ((uint32_t)o.n_args != np) {
        fprintf(stderr, "wcap-exec: %s takes %u argument(s) (%s), %d given\n", o.export_name, np, e->sig, o.n_args);
        return 1;
    }
    rsig = strchr(e->sig, ':') + 1;
    if (o.stack_peak && wcap_rt_stack_peak_enable(1) != WCAP_OK) {
        fprintf(stderr, "wcap-exec: %s\n", wcap_strerror(WCAP_E_RT_NO_STACK_PEAK));
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (k = 0; k < o.repeat && rc == WCAP_OK; k++) {
        for (i = 0; i < o.n_args; i++) {
            if (parse_arg(e->sig[i], o.args[i], &vals[i]) != 0) {
                fprintf(stderr, "wcap-exec: argument %d: bad %c value: %s\n", i + 1, e->sig[i], o.args[i]);
                return 1;
            }
        }
        rc = wcap_rt_call_export(&cap.rt, o.export_name, vals, MAX_VALS, NULL);
        if (wcap_rt_stack_peak() > peak) {
            peak = wcap_rt_stack_peak();
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fflush(stdout);
    if (o.stack_peak) {
        fprintf(stderr, "stack_peak %" PRIu32 " budget %" PRIu32 "\n", peak, cap.rt.stack_budget);
    }
    if (rc == WCAP_E_RT_TRAP) {
        fprintf(stderr, "trap: %s\n", wcap_rt_trap_message(cap.rt.last_trap));
        return 3;
    }
    if (rc != WCAP_OK) {
        fprintf(stderr, "wcap-exec: %s\n", wcap_strerror(rc));
        return 2;
    }
    print_results(rsig, vals);
    if (o.repeat > 1) {
        double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
        fprintf(stderr, "wcap-exec: %lu calls, %.0f ns per call\n", o.repeat, ns / (double)o.repeat);
    }
    wcap_capsule_unload(&cap, &cfg);
    return 0;
}
