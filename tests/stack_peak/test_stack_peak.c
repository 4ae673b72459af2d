/*
 * stack_peak.*: the peak native stack that runtime_lib measures by painting
 * (wcap_rt_stack_peak_enable / wcap_rt_stack_peak), with fake capsules whose
 * frames have a known size. Built twice: with painting compiled in
 * (EXPECT_PAINTING=1) and without it (EXPECT_PAINTING=0).
 */
#include <string.h>

#include "../loader/test_util.h"
#include "wcap/rt.h"

#define FRAME 512u            /* bytes of locals per recursion level */
#define BUDGET (256u * 1024u) /* the fake capsules' stack budget */

typedef struct {
    wcap_capsule_info_t info;
    uintptr_t limit;
    volatile uint32_t intr;
    wcap_rt_capsule_t rt;
} fake_t;

static fake_t outer, inner;

static void fake_init(fake_t *f, uint32_t budget)
{
    memset(f, 0, sizeof *f);
    f->info.stack_limit = &f->limit;
    f->info.interrupt = &f->intr;
    f->rt.info = &f->info;
    f->rt.stack_budget = budget;
}

/* One level = one FRAME-byte buffer, written at both ends; checks the limit
 * like a capsule's prologue. Not a tail call, so no compiler makes it a loop. */
static __attribute__((noinline)) uint32_t dig(const fake_t *f, uint32_t n)
{
    volatile uint8_t buf[FRAME];
    if (wcap_read_sp() < f->limit) {
        wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
    }
    buf[0] = (uint8_t)n;
    buf[FRAME - 1u] = (uint8_t)(n >> 8);
    if (n == 0u) {
        return buf[0];
    }
    return dig(f, n - 1u) + buf[0] + buf[FRAME - 1u];
}

static void dig_export(void *arg, wcap_val_t *v)
{
    v[0].i32 = dig((const fake_t *)arg, v[0].i32);
}

/* Outer capsule's body: a "host call" that enters the inner capsule. */
static void nested_export(void *arg, wcap_val_t *v)
{
    (void)arg;
    CHECK_EQ(wcap_rt_guarded_call(&inner.rt, dig_export, &inner, v), WCAP_OK);
}

static uint32_t peak_of(uint32_t depth)
{
    wcap_val_t v[1];
    v[0].i32 = depth;
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, dig_export, &outer, v), WCAP_OK);
    return wcap_rt_stack_peak();
}

/* The peak grows by at least FRAME bytes per level (at most 2 FRAME: frame
 * overhead, sanitizer redzones) and stays below the budget. */
static void test_depth(void)
{
    uint32_t p4, p16, p64, again;
    fake_init(&outer, BUDGET);
    CHECK_EQ(wcap_rt_stack_peak_enable(1), WCAP_OK);
    (void)peak_of(4); /* the first call binds setjmp lazily (the dynamic linker's deep frames) */
    p4 = peak_of(4);
    p16 = peak_of(16);
    p64 = peak_of(64);
    again = peak_of(16); /* repainted: a shallower call after a deep one reads shallow again */
    printf("peaks: depth 4 %u, 16 %u, 64 %u, 16 again %u (budget %u)\n", p4, p16, p64, again, BUDGET);
    CHECK(p4 >= 5u * FRAME && p4 < 10u * FRAME + 1024u);
    CHECK(p16 - p4 >= 12u * FRAME && p16 - p4 <= 24u * FRAME);
    CHECK((p64 - p16) / 4u == p16 - p4); /* the same bytes per level */
    CHECK(p64 < BUDGET);
    CHECK_EQ(again, p16);
}

/* Disabled at run time: nothing painted, the peak reads 0. */
static void test_off(void)
{
    fake_init(&outer, BUDGET);
    CHECK_EQ(wcap_rt_stack_peak_enable(1), WCAP_OK);
    CHECK(peak_of(8) > 0u);
    CHECK_EQ(wcap_rt_stack_peak_enable(0), WCAP_OK);
    CHECK_EQ(wcap_rt_stack_peak(), 0);
    CHECK_EQ(peak_of(64), 0);
}

/* Unbounded recursion traps at the budget; the peak reads the whole budget. */
static void test_budget(void)
{
    wcap_val_t v[1];
    fake_init(&outer, 64u * 1024u);
    CHECK_EQ(wcap_rt_stack_peak_enable(1), WCAP_OK);
    v[0].i32 = 100000u;
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, dig_export, &outer, v), WCAP_E_RT_TRAP);
    CHECK_EQ(outer.rt.last_trap, WASM_RT_TRAP_EXHAUSTION);
    printf("trapped call: peak %u of budget %u\n", wcap_rt_stack_peak(), 64u * 1024u);
    CHECK(wcap_rt_stack_peak() > 64u * 1024u - 2u * FRAME && wcap_rt_stack_peak() <= 64u * 1024u);
}

/* A nested call is measured as part of the outer call. */
static void test_nested(void)
{
    wcap_val_t v[1];
    uint32_t shallow, deep;
    fake_init(&outer, BUDGET);
    fake_init(&inner, BUDGET);
    CHECK_EQ(wcap_rt_stack_peak_enable(1), WCAP_OK);
    v[0].i32 = 4u;
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, nested_export, NULL, v), WCAP_OK);
    shallow = wcap_rt_stack_peak();
    v[0].i32 = 40u;
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, nested_export, NULL, v), WCAP_OK);
    deep = wcap_rt_stack_peak();
    printf("nested: inner depth 4 %u, 40 %u\n", shallow, deep);
    CHECK(deep - shallow >= 36u * FRAME && deep < BUDGET);
}

/* Built without WCAP_RT_STACK_PEAK: enabling fails, the peak stays 0. */
static void test_compiled_out(void)
{
    fake_init(&outer, BUDGET);
    CHECK_EQ(wcap_rt_stack_peak_enable(1), WCAP_E_RT_NO_STACK_PEAK);
    CHECK_EQ(peak_of(64), 0);
}

int main(int argc, char **argv)
{
    const char *w = argc > 1 ? argv[1] : "";
    if (!strcmp(w, "depth"))
        test_depth();
    else if (!strcmp(w, "off"))
        test_off();
    else if (!strcmp(w, "budget"))
        test_budget();
    else if (!strcmp(w, "nested"))
        test_nested();
    else if (!strcmp(w, "compiled_out"))
        test_compiled_out();
    else
        return 2;
    return tu_finish(w);
}
