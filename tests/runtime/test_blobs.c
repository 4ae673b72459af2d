/*
 * runtime.* tests with real capsules (.wat -> wat2wasm -> `wcap build`):
 * fault isolation between two capsules loaded at once, small memories, the
 * host API. Usage: test_runtime_blobs DIR CASE   (DIR holds rt.pub and *.wcap)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../loader/test_util.h"
#include "host_loader.h"
#include "wcap/heap.h"
#include "wcap/loader.h"
#include "wcap/port.h"

static const char *dir;
static wcap_host_loader_t host;
static wcap_ldr_t ld;
static char out_text[128];
static wcap_out_kind_t out_kind;

static void on_out(void *user, wcap_out_kind_t kind, const uint8_t *d, size_t n)
{
    (void)user;
    out_kind = kind;
    snprintf(out_text, sizeof out_text, "%.*s", (int)n, (const char *)d);
}

static void setup(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/rt.pub", dir);
    wcap_host_loader_setup(&host, path, 200, &ld);
}

static void load(const char *name, wcap_capsule_t *c)
{
    char path[512];
    FILE *f;
    uint8_t chunk[61];
    size_t n;
    int rc;
    snprintf(path, sizeof path, "%s/%s.wcap", dir, name);
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    rc = wcap_ldr_begin(&ld, c);
    while (rc == WCAP_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = wcap_ldr_feed(&ld, chunk, n);
    }
    fclose(f);
    if (rc == WCAP_OK) {
        rc = wcap_ldr_finish(&ld);
    }
    if (rc != WCAP_OK) {
        fprintf(stderr, "loading %s: %s\n", name, wcap_strerror(rc));
        exit(1);
    }
    c->rt.out = on_out;
}

static int call(wcap_capsule_t *c, const char *exp, wcap_val_t *v)
{
    return wcap_rt_call_export(&c->rt, exp, v, 4, NULL);
}

static uint32_t call_i32(wcap_capsule_t *c, const char *exp, uint32_t a, uint32_t b)
{
    wcap_val_t v[4];
    v[0].i32 = a;
    v[1].i32 = b;
    CHECK_EQ(call(c, exp, v), WCAP_OK);
    return v[0].i32;
}

static void expect_trap(wcap_capsule_t *c, const char *exp, wcap_val_t *args, wasm_rt_trap_t want)
{
    wcap_val_t v[4];
    memset(v, 0, sizeof v);
    if (args)
        memcpy(v, args, sizeof v);
    CHECK_EQ(call(c, exp, v), WCAP_E_RT_TRAP);
    if (c->rt.last_trap != want) {
        fprintf(stderr, "%s: trap \"%s\", expected \"%s\"\n", exp, wcap_rt_trap_message(c->rt.last_trap),
                wcap_rt_trap_message(want));
        tu_failures++;
    }
    CHECK(wcap_rt_current == NULL && !c->rt.running);
}

/* After each fault of `a`, the neighbour answers correctly and a still works. */
static void test_isolation(void)
{
    wcap_capsule_t a, b;
    wcap_val_t nan_arg[4], zero[4];
    uint32_t expect_calls = 0, ok_count = 1000;
    size_t used0 = wcap_heap_used(&host.heap);
    struct {
        const char *exp;
        wcap_val_t *args;
        wasm_rt_trap_t trap;
    } faults[] = {
        {"oob", NULL, WASM_RT_TRAP_OOB},
        {"oob_edge", NULL, WASM_RT_TRAP_OOB},
        {"div0", zero, WASM_RT_TRAP_DIV_BY_ZERO},
        {"overflow", NULL, WASM_RT_TRAP_INT_OVERFLOW},
        {"conv", nan_arg, WASM_RT_TRAP_INVALID_CONVERSION},
        {"unreachable", NULL, WASM_RT_TRAP_UNREACHABLE},
        {"spin", NULL, WASM_RT_TRAP_TIMEOUT},
        {"recurse", NULL, WASM_RT_TRAP_EXHAUSTION},
        {"bad_indirect", NULL, WASM_RT_TRAP_CALL_INDIRECT},
        {"null_indirect", NULL, WASM_RT_TRAP_CALL_INDIRECT},
        {"bad_log", NULL, WASM_RT_TRAP_OOB},
    };
    size_t i;
    memset(zero, 0, sizeof zero);
    memset(nan_arg, 0, sizeof nan_arg);
    nan_arg[0].f32 = NAN;
    load("faulty", &a);
    load("other", &b);
    for (i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        uint64_t t0 = wcap_port_millis();
        expect_trap(&a, faults[i].exp, faults[i].args, faults[i].trap);
        if (faults[i].trap == WASM_RT_TRAP_TIMEOUT) {
            uint64_t dt = wcap_port_millis() - t0;
            CHECK(dt >= 190 && dt < 1000); /* the 200 ms device default */
        }
        CHECK_EQ(call_i32(&b, "add", 40, 2), 42);
        expect_calls++;
        CHECK_EQ(call_i32(&b, "calls", 0, 0), expect_calls);
        CHECK_EQ(call_i32(&b, "stored", 0, 0), expect_calls);
        CHECK_EQ(call_i32(&a, "ok", 0, 0), ++ok_count);
        CHECK(strcmp(out_text, "still alive") == 0 && out_kind == WCAP_OUT_LOG);
    }
    /* tail recursion: a stack or a time trap, never a hang */
    {
        wcap_val_t v[4];
        CHECK_EQ(call(&a, "recurse_tail", v), WCAP_E_RT_TRAP);
        CHECK(a.rt.last_trap == WASM_RT_TRAP_EXHAUSTION || a.rt.last_trap == WASM_RT_TRAP_TIMEOUT);
    }
    /* the other way round: b keeps its state while a traps, then b is unloaded */
    CHECK_EQ(call_i32(&a, "good_indirect", 9, 0), 9);
    CHECK_EQ(call_i32(&a, "grow", 1, 0), 1);
    CHECK_EQ(call_i32(&a, "size", 0, 0), 2);
    CHECK_EQ(call_i32(&a, "grow", 5, 0), 0xFFFFFFFFu);
    {
        wcap_val_t v[4];
        v[0].i64 = (uint64_t)-3;
        v[1].f64 = 0.5;
        CHECK_EQ(call(&a, "mix", v), WCAP_OK);
        CHECK(v[0].f64 == -2.5);
    }
    wcap_capsule_unload(&b, &host.cfg);
    CHECK_EQ(call_i32(&a, "ok", 0, 0), ++ok_count);
    wcap_capsule_unload(&a, &host.cfg);
    CHECK_EQ(wcap_heap_used(&host.heap), used0);
}

static void test_small_memory(void)
{
    wcap_capsule_t c;
    wcap_val_t v[4];
    load("small", &c);
    CHECK_EQ(c.rt.memory->size, 4096);
    CHECK_EQ(call_i32(&c, "load", 4000, 0), 'e');
    CHECK_EQ(call_i32(&c, "load", 4095, 0), 0);
    v[0].i32 = 4096;
    CHECK_EQ(call(&c, "load", v), WCAP_E_RT_TRAP);
    CHECK_EQ(c.rt.last_trap, WASM_RT_TRAP_OOB);
    CHECK_EQ(call_i32(&c, "size", 0, 0), 1);
    CHECK_EQ(call_i32(&c, "grow", 0, 0), 1);
    CHECK_EQ(call_i32(&c, "grow", 1, 0), 0xFFFFFFFFu);
    CHECK(c.block_size < 4096 + 2048 + c.code_size);
    wcap_capsule_unload(&c, &host.cfg);
}

static void test_host_api(void)
{
    wcap_capsule_t c;
    wcap_val_t v[4];
    uint64_t t0;
    load("hostcalls", &c);
    out_text[0] = '\0';
    CHECK_EQ(call(&c, "log", v), WCAP_OK);
    CHECK(strcmp(out_text, "pong") == 0 && out_kind == WCAP_OUT_LOG);
    out_text[0] = '\0';
    CHECK_EQ(call(&c, "reply", v), WCAP_OK);
    CHECK(strcmp(out_text, "pong") == 0 && out_kind == WCAP_OUT_REPLY);
    v[0].i32 = 30;
    CHECK_EQ(call(&c, "sleep", v), WCAP_OK);
    CHECK(v[0].i64 >= 30 && v[0].i64 < 500);
    CHECK(call_i32(&c, "random", 0, 0) != 0);
    expect_trap(&c, "random_oob", NULL, WASM_RT_TRAP_OOB);
    wcap_port_led_set(3, 0);
    CHECK_EQ(call_i32(&c, "led", 3, 0), 1);
    CHECK_EQ(wcap_port_led_get(3), 1);
    {
        int32_t s = (int32_t)call_i32(&c, "sensor", 2, 0);
        CHECK(s >= 22000 && s < 23000);
    }
    /* a sleep longer than the budget ends at the budget */
    c.rt.time_budget_ms = 50;
    v[0].i32 = 2000;
    t0 = wcap_port_millis();
    CHECK_EQ(call(&c, "sleep", v), WCAP_E_RT_TRAP);
    CHECK_EQ(c.rt.last_trap, WASM_RT_TRAP_TIMEOUT);
    CHECK(wcap_port_millis() - t0 < 200);
    /* defence in depth: a capability withdrawn after loading is refused */
    c.rt.caps &= ~WCAP_CAP_LOG;
    expect_trap(&c, "log", NULL, WASM_RT_TRAP_HOST);
    c.rt.caps &= ~WCAP_CAP_LED;
    expect_trap(&c, "led", NULL, WASM_RT_TRAP_HOST);
    wcap_capsule_unload(&c, &host.cfg);
    CHECK_EQ(wcap_heap_used(&host.heap), 0);
}

static uint8_t *read_blob(const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    uint8_t *b = malloc(1u << 20);
    snprintf(path, sizeof path, "%s/%s.wcap", dir, name);
    f = fopen(path, "rb");
    if (f == NULL || b == NULL) {
        exit(2);
    }
    *len = fread(b, 1, 1u << 20, f);
    fclose(f);
    return b;
}

static int feed_all(const uint8_t *b, size_t len, size_t chunk, wcap_capsule_t *c)
{
    size_t off = 0;
    int rc = wcap_ldr_begin(&ld, c);
    while (rc == WCAP_OK && off < len) {
        size_t n = len - off < chunk ? len - off : chunk;
        rc = wcap_ldr_feed(&ld, b + off, n);
        off += n;
    }
    return rc == WCAP_OK ? wcap_ldr_finish(&ld) : rc;
}

/* A real blob in every chunk size 1..64 loads and runs. */
static void test_chunks(void)
{
    size_t len, chunk;
    uint8_t *b = read_blob("faulty", &len);
    for (chunk = 1; chunk <= 64; chunk++) {
        wcap_capsule_t c;
        CHECK_EQ(feed_all(b, len, chunk, &c), WCAP_OK);
        CHECK_EQ(call_i32(&c, "good_indirect", (uint32_t)chunk, 0), chunk);
        wcap_capsule_unload(&c, &host.cfg);
        CHECK_EQ(wcap_heap_used(&host.heap), 0);
    }
    free(b);
}

/* Every truncation and every single-bit corruption of a real blob is refused
 * with a loader error, never loads, never leaks a byte. */
static void test_corruption(void)
{
    size_t len, i;
    uint8_t *b = read_blob("other", &len);
    wcap_capsule_t c;
    for (i = 0; i < len; i++) {
        int rc = feed_all(b, i, 64, &c);
        CHECK(rc <= -0x101 && rc >= -0x1FF);
        CHECK_EQ(wcap_heap_used(&host.heap), 0);
    }
    for (i = 0; i < len; i++) {
        int rc;
        b[i] ^= (uint8_t)(1u << (i % 8));
        rc = feed_all(b, len, 64, &c);
        b[i] ^= (uint8_t)(1u << (i % 8));
        if (rc == WCAP_OK) {
            fprintf(stderr, "flip at %zu loaded\n", i);
            tu_failures++;
            wcap_capsule_unload(&c, &host.cfg);
        }
        CHECK(rc <= -0x101 && rc >= -0x1FF);
        CHECK_EQ(wcap_heap_used(&host.heap), 0);
    }
    CHECK_EQ(feed_all(b, len, 64, &c), WCAP_OK);
    wcap_capsule_unload(&c, &host.cfg);
    free(b);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        return 2;
    }
    dir = argv[1];
    setup();
    if (!strcmp(argv[2], "isolation"))
        test_isolation();
    else if (!strcmp(argv[2], "small_memory"))
        test_small_memory();
    else if (!strcmp(argv[2], "host_api"))
        test_host_api();
    else if (!strcmp(argv[2], "chunks"))
        test_chunks();
    else if (!strcmp(argv[2], "corruption"))
        test_corruption();
    else
        return 2;
    return tu_finish(argv[2]);
}
