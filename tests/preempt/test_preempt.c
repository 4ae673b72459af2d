/*
 * preempt.* tests: asynchronous preemption of capsules that never return
 * (tests/preempt/hostile.c, built for x86_64-posix with `wcap build`). The
 * generated code polls nothing at loop heads, so each case ends only because
 * the port's SIGALRM handler resumes the capsule at the runtime's timeout
 * stub (or, in host_spin, because the host API refuses to run once the
 * budget has expired). Each call must end in TIMEOUT no earlier than its
 * budget and at most PREEMPT_SLACK_MS later, and the capsule must keep
 * working afterwards.
 *
 * Usage: test_preempt BLOB PUBKEY CASE
 *   CASE: units, or an export of hostile.c (spin, host_spin, tail_recurse,
 *   indirect_spin, float_spin), or start (BLOB is spin_start.wat, whose start
 *   function never returns: the load ends in an init trap TIMEOUT within its
 *   100 ms budget, with nothing leaked)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../loader/test_util.h"
#include "host_loader.h"
#include "wcap/heap.h"
#include "wcap/loader.h"
#include "wcap/port.h"

#define BUDGET_MS 60u
#define START_BUDGET_MS 100u /* spin_start.wcap's manifest budget (CMakeLists.txt) */
#define PREEMPT_SLACK_MS 40u /* timer granularity (1 ms retries) + scheduling on a loaded 2-core machine */
#define REPEATS 3
#define HOSTILE_OK_VALUE 4321

static wcap_host_loader_t host;
static wcap_ldr_t ld;

static void setup(const char *pub)
{
    wcap_host_loader_setup(&host, pub, 1000, &ld);
}

static int try_load(const char *path, wcap_capsule_t *c)
{
    uint8_t chunk[256];
    size_t n;
    int rc;
    FILE *f = fopen(path, "rb");
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
    return rc;
}

static void load(const char *path, wcap_capsule_t *c)
{
    int rc = try_load(path, c);
    if (rc != WCAP_OK) {
        fprintf(stderr, "loading %s: %s\n", path, wcap_strerror(rc));
        exit(1);
    }
}

static void expect_ok_value(wcap_capsule_t *c)
{
    wcap_val_t v[4];
    memset(v, 0, sizeof v);
    CHECK_EQ(wcap_rt_call_export(&c->rt, "ok", v, 4, NULL), WCAP_OK);
    CHECK_EQ(v[0].i32, HOSTILE_OK_VALUE);
}

/* Calls `exp`, which never returns by itself: it must end in TIMEOUT within
 * [BUDGET_MS, BUDGET_MS + PREEMPT_SLACK_MS]. */
static void expect_preempted(wcap_capsule_t *c, const char *exp)
{
    wcap_val_t v[4];
    uint64_t t0, dt;
    memset(v, 0, sizeof v);
    c->rt.time_budget_ms = BUDGET_MS;
    t0 = wcap_port_millis();
    CHECK_EQ(wcap_rt_call_export(&c->rt, exp, v, 4, NULL), WCAP_E_RT_TRAP);
    dt = wcap_port_millis() - t0;
    CHECK_EQ(c->rt.last_trap, WASM_RT_TRAP_TIMEOUT);
    CHECK(dt >= BUDGET_MS);
    CHECK(dt <= BUDGET_MS + PREEMPT_SLACK_MS);
    printf("%s: trap \"%s\" after %llu ms (budget %u ms)\n", exp, wcap_rt_trap_message(c->rt.last_trap),
           (unsigned long long)dt, BUDGET_MS);
}

/* wcap_rt_preempt_pc: a stub only for a PC inside the running capsule's
 * image while its interrupt is pending. */
static volatile uint32_t fake_interrupt;
static uintptr_t fake_limit;
static wcap_capsule_info_t fake_info;
static wcap_rt_capsule_t fake;
static uintptr_t seen[4];

static void probe(void *arg, wcap_val_t *vals)
{
    uintptr_t base = fake.code_base;
    (void)arg;
    (void)vals;
    seen[0] = wcap_rt_preempt_pc(base + 10u); /* inside, nothing pending */
    fake_interrupt = 1u;
    seen[1] = wcap_rt_preempt_pc(base + 10u);            /* inside, pending */
    seen[2] = wcap_rt_preempt_pc(base + fake.code_size); /* one past the end */
    seen[3] = wcap_rt_preempt_pc(base - 1u);             /* below */
    fake_interrupt = 0u;
}

static void units(void)
{
    static uint8_t image[64];
    wcap_val_t v[1];
    fake_info.stack_limit = &fake_limit;
    fake_info.interrupt = &fake_interrupt;
    fake.info = &fake_info;
    fake.stack_budget = 65536u;
    fake.code_base = (uintptr_t)image;
    fake.code_size = sizeof image;
    fake_interrupt = 1u;
    CHECK_EQ(wcap_rt_preempt_pc((uintptr_t)image + 10u), 0); /* no call running */
    CHECK_EQ(wcap_rt_guarded_call(&fake, probe, NULL, v), WCAP_OK);
    CHECK_EQ(seen[0], 0);
    CHECK(seen[1] != 0u);
    CHECK_EQ(seen[2], 0);
    CHECK_EQ(seen[3], 0);
    CHECK_EQ(wcap_rt_preempt_pc((uintptr_t)image + 10u), 0); /* call over */
}

/* A start function that never returns: the load fails with an init trap. */
static void start_spins(const char *path)
{
    static wcap_capsule_t cap;
    for (int i = 0; i < REPEATS; i++) {
        uint64_t t0 = wcap_port_millis(), dt;
        CHECK_EQ(try_load(path, &cap), WCAP_E_LDR_INIT_TRAP);
        dt = wcap_port_millis() - t0;
        CHECK_EQ(wcap_ldr_init_trap(&ld), WASM_RT_TRAP_TIMEOUT);
        CHECK(dt >= START_BUDGET_MS);
        CHECK(dt <= START_BUDGET_MS + PREEMPT_SLACK_MS);
        CHECK_EQ(wcap_heap_used(&host.heap), 0); /* the block went back */
        printf("start: init trap \"%s\" after %llu ms (budget %u ms)\n", wcap_rt_trap_message(wcap_ldr_init_trap(&ld)),
               (unsigned long long)dt, START_BUDGET_MS);
    }
}

int main(int argc, char **argv)
{
    static wcap_capsule_t cap;
    const char *which;
    if (argc != 4) {
        fprintf(stderr, "usage: %s BLOB PUBKEY CASE\n", argv[0]);
        return 2;
    }
    which = argv[3];
    if (strcmp(which, "units") == 0) {
        units();
        return tu_finish(which);
    }
    setup(argv[2]);
    if (strcmp(which, "start") == 0) {
        start_spins(argv[1]);
        return tu_finish(which);
    }
    load(argv[1], &cap);
    expect_ok_value(&cap);
    for (int i = 0; i < REPEATS; i++) {
        expect_preempted(&cap, which);
        expect_ok_value(&cap); /* the capsule still works */
    }
    wcap_capsule_unload(&cap, &host.cfg);
    CHECK_EQ(wcap_heap_used(&host.heap), 0);
    return tu_finish(which);
}
