/*
 * trap.restart_state: wcap_capsule_restart (loader/src/restart.c) leaves a
 * capsule exactly as its load did. trapper.wcap is loaded, its whole RAM
 * block copied, then it is called and made to trap in every way (shadow
 * stack overflow, native stack exhaustion, divide by zero, out of bounds,
 * time budget) with state changed in between (globals, linear memory, the
 * shadow stack pointer); after wcap_capsule_restart the block must equal the
 * copy byte for byte, except the two words every guarded call rewrites (the
 * stack limit and the interrupt flag), the runtime context must be as the
 * load set it, and calls must give the results of a fresh capsule.
 * Also: a capsule in a call is refused (WCAP_E_RT_BUSY), and the restart
 * costs no heap (the block is reused). Usage: test_restart BLOB PUB
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../loader/test_util.h"
#include "host_loader.h"
#include "wcap/loader.h"

static wcap_host_loader_t host;
static wcap_ldr_t ld;
static uint8_t *snapshot;

static void load(const char *path, wcap_capsule_t *c)
{
    FILE *f = fopen(path, "rb");
    uint8_t chunk[97];
    size_t n;
    int rc;
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    rc = wcap_ldr_begin(&ld, c);
    while (rc == WCAP_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = wcap_ldr_feed(&ld, chunk, n);
    fclose(f);
    if (rc == WCAP_OK)
        rc = wcap_ldr_finish(&ld);
    if (rc != WCAP_OK) {
        fprintf(stderr, "loading %s: %s\n", path, wcap_strerror(rc));
        exit(1);
    }
}

static int call2(wcap_capsule_t *c, const char *exp, uint32_t a, uint32_t b, uint32_t *res)
{
    wcap_val_t v[4];
    memset(v, 0, sizeof v);
    v[0].i32 = a;
    v[1].i32 = b;
    int rc = wcap_rt_call_export(&c->rt, exp, v, 4, NULL);
    if (res)
        *res = v[0].i32;
    return rc;
}

static int call(wcap_capsule_t *c, const char *exp, uint32_t a, uint32_t *res)
{
    return call2(c, exp, a, 0, res);
}

static uint32_t call_ok(wcap_capsule_t *c, const char *exp, uint32_t a)
{
    uint32_t r = 0;
    CHECK_EQ(call(c, exp, a, &r), WCAP_OK);
    return r;
}

static void expect_trap(wcap_capsule_t *c, const char *exp, uint32_t a, wasm_rt_trap_t want, wasm_rt_trap_t or_)
{
    CHECK_EQ(call(c, exp, a, NULL), WCAP_E_RT_TRAP);
    if (c->rt.last_trap != want && c->rt.last_trap != or_) {
        fprintf(stderr, "%s %u: trap \"%s\", expected \"%s\"\n", exp, (unsigned)a,
                wcap_rt_trap_message(c->rt.last_trap), wcap_rt_trap_message(want));
        tu_failures++;
    }
}

/* Bytes of the block that differ from the snapshot, outside the two control words. */
static size_t differing(const wcap_capsule_t *c, int verbose)
{
    const uint8_t *b = c->block;
    uintptr_t lim = (uintptr_t)c->rt.info->stack_limit - (uintptr_t)b;
    uintptr_t irq = (uintptr_t)c->rt.info->interrupt - (uintptr_t)b;
    size_t n = 0;
    for (size_t i = 0; i < c->block_size; i++) {
        int control = (i >= lim && i < lim + sizeof(uintptr_t)) || (i >= irq && i < irq + sizeof(uint32_t));
        if (!control && b[i] != snapshot[i]) {
            if (verbose && n < 8)
                fprintf(stderr, "block byte %zu (region +%zd): %02x, after the load %02x\n", i,
                        (ssize_t)i - (ssize_t)c->code_size, b[i], snapshot[i]);
            n++;
        }
    }
    return n;
}

static void busy_call(void *arg, wcap_val_t *vals)
{
    (void)vals;
    CHECK_EQ(wcap_capsule_restart(arg), WCAP_E_RT_BUSY);
}

int main(int argc, char **argv)
{
    wcap_capsule_t c;
    wcap_rt_capsule_t rt0;
    uint32_t sum10, rec5;

    if (argc != 3) {
        fprintf(stderr, "usage: %s BLOB PUB\n", argv[0]);
        return 2;
    }
    wcap_host_loader_setup(&host, argv[2], 100, &ld);
    load(argv[1], &c);
    snapshot = malloc(c.block_size);
    if (snapshot == NULL)
        return 2;
    memcpy(snapshot, c.block, c.block_size);
    rt0 = c.rt;
    size_t heap_used = wcap_heap_used(&host.heap);

    /* fresh results, then state changes and every kind of trap */
    sum10 = call_ok(&c, "sum", 10);
    rec5 = call_ok(&c, "recurse", 5);
    CHECK_EQ(sum10, 55);
    CHECK_EQ(call_ok(&c, "count", 0), 1);
    CHECK_EQ(call_ok(&c, "count", 0), 2);
    CHECK_EQ(call_ok(&c, "init", 0), 0);
    CHECK_EQ(call_ok(&c, "inits", 0), 1);
    expect_trap(&c, "recurse", 0, WASM_RT_TRAP_OOB, WASM_RT_TRAP_EXHAUSTION);
    /* the bug this fixes: the shadow stack pointer stays where the trap left it */
    expect_trap(&c, "div0", 5, WASM_RT_TRAP_OOB, WASM_RT_TRAP_OOB);
    CHECK(differing(&c, 0) > 0);

    CHECK_EQ(wcap_capsule_restart(&c), WCAP_OK);
    CHECK_EQ(differing(&c, 1), 0);
    expect_trap(&c, "div0", 5, WASM_RT_TRAP_DIV_BY_ZERO, WASM_RT_TRAP_DIV_BY_ZERO);
    CHECK_EQ(call_ok(&c, "count", 0), 1);
    CHECK_EQ(call_ok(&c, "inits", 0), 0);
    CHECK_EQ(wcap_capsule_restart(&c), WCAP_OK);

    /* each remaining kind, each followed by a restart and a fresh capsule */
    static const struct {
        const char *exp;
        uint32_t arg;
        wasm_rt_trap_t want, or_;
    } traps[] = {
        {"recurse", 0, WASM_RT_TRAP_OOB, WASM_RT_TRAP_EXHAUSTION},
        {"deep", 0, WASM_RT_TRAP_EXHAUSTION, WASM_RT_TRAP_EXHAUSTION},
        {"oob", 0xFFFFFFF0u, WASM_RT_TRAP_OOB, WASM_RT_TRAP_OOB},
        {"spin", 0, WASM_RT_TRAP_TIMEOUT, WASM_RT_TRAP_TIMEOUT},
        {"div0", 7, WASM_RT_TRAP_DIV_BY_ZERO, WASM_RT_TRAP_DIV_BY_ZERO},
    };
    for (size_t i = 0; i < sizeof traps / sizeof traps[0]; i++) {
        CHECK_EQ(call_ok(&c, "count", 0), 1);
        CHECK_EQ(call_ok(&c, "count", 0), 2);
        expect_trap(&c, traps[i].exp, traps[i].arg, traps[i].want, traps[i].or_);
        CHECK_EQ(wcap_capsule_restart(&c), WCAP_OK);
        if (differing(&c, 1) != 0) {
            fprintf(stderr, "after %s: the block differs from the load's\n", traps[i].exp);
            tu_failures++;
        }
        CHECK_EQ(call_ok(&c, "sum", 10), sum10);
        CHECK_EQ(call_ok(&c, "recurse", 5), rec5);
        uint32_t q = 0;
        CHECK_EQ(call2(&c, "div", 100, 7, &q), WCAP_OK);
        CHECK_EQ(q, 14);
        CHECK_EQ(wcap_capsule_restart(&c), WCAP_OK);
        printf("-- %s: trap %s, restart: block as loaded, fresh results\n", traps[i].exp,
               wcap_rt_trap_message(traps[i].want));
    }

    /* the runtime context is the load's */
    CHECK(c.rt.info == rt0.info && c.rt.instance == rt0.instance);
    CHECK(c.rt.region.base == rt0.region.base && c.rt.region.size == rt0.region.size &&
          c.rt.region.used == rt0.region.used);
    CHECK(c.rt.memory != NULL && c.rt.memory->data == rt0.memory->data);
    CHECK(c.rt.code_base == rt0.code_base && c.rt.code_size == rt0.code_size);
    CHECK(c.rt.stack_budget == rt0.stack_budget && c.rt.time_budget_ms == rt0.time_budget_ms);
    CHECK_EQ(wcap_heap_used(&host.heap), heap_used);

    /* refused while a call into it is in progress */
    CHECK_EQ(wcap_rt_guarded_call(&c.rt, busy_call, &c, NULL), WCAP_OK);

    wcap_capsule_unload(&c, &host.cfg);
    free(snapshot);
    return tu_finish("trap.restart_state");
}
