/*
 * runtime_lib unit tests that need no capsule: the arena allocator, the
 * function-type registry, linear memory and table semantics (small memories,
 * growth within the reserve), pointer checks, messages, the symbol table, the
 * runtime's own floor and ceil against the host C library's.
 * Usage: test_runtime_units CASE
 */
#include <math.h>
#include <string.h>

#include "../loader/test_util.h"
#include "wcap/heap.h"
#include "wcap/host_api.h"
#include "wcap/natives.h"
#include "wcap/port.h"
#include "wcap/rt.h"
#include "wcap/rt_libm.h"
#include "wcap/symbols.h"
#include "wcap/symtab.h"

static uint8_t buf[64 * 1024] __attribute__((aligned(64)));

static void test_heap(void)
{
    wcap_heap_t h;
    void *a, *b, *c, *d;
    size_t all;
    CHECK_EQ(wcap_heap_init(&h, buf + 3, 16), -1);
    CHECK_EQ(wcap_heap_init(&h, buf + 3, sizeof buf - 3), 0);
    all = wcap_heap_largest_free(&h);
    CHECK(all >= sizeof buf - 64);
    a = wcap_heap_alloc(&h, 100, 16);
    b = wcap_heap_alloc(&h, 1000, 64);
    c = wcap_heap_alloc(&h, 10, 32);
    CHECK(a && b && c);
    CHECK_EQ((uintptr_t)a % 16, 0);
    CHECK_EQ((uintptr_t)b % 64, 0);
    CHECK_EQ((uintptr_t)c % 32, 0);
    CHECK((uint8_t *)a + 100 <= (uint8_t *)b || (uint8_t *)b + 1000 <= (uint8_t *)a);
    CHECK((uint8_t *)c + 10 <= (uint8_t *)b || (uint8_t *)b + 1000 <= (uint8_t *)c);
    CHECK((uint8_t *)c + 10 <= (uint8_t *)a || (uint8_t *)a + 100 <= (uint8_t *)c);
    memset(a, 1, 100);
    memset(b, 2, 1000);
    memset(c, 3, 10);
    CHECK(wcap_heap_used(&h) >= 1110);
    CHECK(wcap_heap_alloc(&h, sizeof buf, 16) == NULL);
    CHECK(wcap_heap_alloc(&h, 8, 3) == NULL);   /* not a power of two */
    CHECK(wcap_heap_alloc(&h, 8, 128) == NULL); /* above 64 */
    CHECK(wcap_heap_alloc(&h, 0, 16) == NULL);
    /* first fit reuses the freed hole; coalescing restores everything */
    wcap_heap_free(&h, b);
    d = wcap_heap_alloc(&h, 500, 16);
    CHECK(d == b || ((uint8_t *)d >= (uint8_t *)a + 100 && (uint8_t *)d < (uint8_t *)c));
    wcap_heap_free(&h, a);
    wcap_heap_free(&h, c);
    wcap_heap_free(&h, d);
    wcap_heap_free(&h, d);          /* double free: ignored */
    wcap_heap_free(&h, buf + 5000); /* not a block: ignored */
    CHECK_EQ(wcap_heap_used(&h), 0);
    CHECK_EQ(wcap_heap_largest_free(&h), all);
    /* fill completely with equal blocks, free every other, then all */
    {
        void *p[128];
        int i, n = 0;
        while (n < 128 && (p[n] = wcap_heap_alloc(&h, 900, 16)) != NULL) {
            n++;
        }
        CHECK(n > 60 && n < 128);
        for (i = 0; i < n; i += 2)
            wcap_heap_free(&h, p[i]);
        CHECK(wcap_heap_largest_free(&h) < 2000);
        for (i = 1; i < n; i += 2)
            wcap_heap_free(&h, p[i]);
        CHECK_EQ(wcap_heap_used(&h), 0);
        CHECK_EQ(wcap_heap_largest_free(&h), all);
    }
}

static void test_func_types(void)
{
    uint32_t a, b, c, d, e;
    wcap_rt_func_types_reset();
    a = wasm_rt_register_func_type(2, 1, WASM_RT_I32, WASM_RT_I32, WASM_RT_I32);
    b = wasm_rt_register_func_type(2, 1, WASM_RT_I32, WASM_RT_I32, WASM_RT_I32);
    c = wasm_rt_register_func_type(2, 1, WASM_RT_I32, WASM_RT_I64, WASM_RT_I32);
    d = wasm_rt_register_func_type(1, 2, WASM_RT_I32, WASM_RT_I32, WASM_RT_I32);
    e = wasm_rt_register_func_type(0, 0);
    CHECK(a != 0 && a == b);
    CHECK(c != a && d != a && d != c && e != a && e != c && e != d);
    CHECK_EQ(wasm_rt_register_func_type(0, 0), e);
    CHECK_EQ(wasm_rt_register_func_type(1, 1, WASM_RT_FUNCREF, WASM_RT_EXTERNREF),
             wasm_rt_register_func_type(1, 1, WASM_RT_FUNCREF, WASM_RT_EXTERNREF));
    CHECK_EQ(wcap_rt_func_types_count(), 5);
}

/* The memory functions take their bytes from wcap_rt_current's region. */
static wcap_capsule_info_t info;
static uintptr_t limit;
static volatile uint32_t intr;
static wcap_rt_capsule_t cap;

static void cap_init(uint32_t reserve)
{
    memset(&cap, 0, sizeof cap);
    info.stack_limit = &limit;
    info.interrupt = &intr;
    cap.info = &info;
    cap.region.base = buf;
    cap.region.size = sizeof buf;
    cap.mem_reserve = reserve;
    cap.stack_budget = 64 * 1024;
}

static wasm_rt_memory_t mem;
static uint32_t grow_result;
static wasm_rt_funcref_table_t tab;

static void do_alloc_small(void *arg, wcap_val_t *v)
{
    (void)arg;
    (void)v;
    wasm_rt_allocate_memory(&mem, 1, 3);
}

static void do_oob(void *arg, wcap_val_t *v)
{
    (void)v;
    (void)wcap_rt_mem_ptr(&cap, *(uint32_t *)arg, 4);
}

static void do_tables(void *arg, wcap_val_t *v)
{
    (void)arg;
    (void)v;
    wasm_rt_allocate_funcref_table(&tab, 2, 4);
}

static void test_memory(void)
{
    uint32_t p;
    /* small memory: 1 page declared, 4096 bytes reserved */
    cap_init(4096);
    CHECK_EQ(wcap_rt_guarded_call(&cap, do_alloc_small, NULL, NULL), WCAP_OK);
    CHECK(cap.memory == &mem);
    CHECK_EQ(mem.size, 4096);
    CHECK_EQ(mem.pages, 1);
    CHECK_EQ(mem.max_size, 4096);
    CHECK((uintptr_t)mem.data >= (uintptr_t)buf + sizeof buf - 4096 - 16);
    CHECK_EQ((uintptr_t)mem.data % 16, 0);
    CHECK_EQ(wasm_rt_grow_memory(&mem, 0), 1);
    CHECK_EQ(wasm_rt_grow_memory(&mem, 1), 0xFFFFFFFFu); /* beyond the reserve */
    CHECK_EQ(mem.size, 4096);
    p = 4092;
    CHECK_EQ(wcap_rt_guarded_call(&cap, do_oob, &p, NULL), WCAP_OK);
    p = 4093;
    CHECK_EQ(wcap_rt_guarded_call(&cap, do_oob, &p, NULL), WCAP_E_RT_TRAP);
    CHECK_EQ(cap.last_trap, WASM_RT_TRAP_OOB);
    p = 0xFFFFFFFEu;
    CHECK_EQ(wcap_rt_guarded_call(&cap, do_oob, &p, NULL), WCAP_E_RT_TRAP);

    /* growth within a 3-page reserve, never moving; max_pages respected */
    cap_init(3 * 65536 > sizeof buf ? 0 : 0);
    {
        static uint8_t big[3 * 65536 + 64] __attribute__((aligned(64)));
        uint8_t *data;
        cap.region.base = big;
        cap.region.size = sizeof big;
        cap.mem_reserve = 3 * 65536;
        CHECK_EQ(wcap_rt_guarded_call(&cap, do_alloc_small, NULL, NULL), WCAP_OK);
        data = mem.data;
        mem.data[100] = 7;
        CHECK_EQ(wasm_rt_grow_memory(&mem, 1), 1);
        CHECK_EQ(mem.size, 2 * 65536);
        CHECK(mem.data == data && mem.data[100] == 7 && mem.data[70000] == 0);
        CHECK_EQ(wasm_rt_grow_memory(&mem, 2), 0xFFFFFFFFu); /* max_pages 3 */
        CHECK_EQ(wasm_rt_grow_memory(&mem, 1), 2);
        CHECK_EQ(wasm_rt_grow_memory(&mem, 1), 0xFFFFFFFFu);
        grow_result = mem.pages;
        CHECK_EQ(grow_result, 3);
    }
    /* a second memory, or a reserve that does not fit: EXHAUSTION + arena error */
    cap_init(1024);
    cap.region.size = 512;
    CHECK_EQ(wcap_rt_guarded_call(&cap, do_alloc_small, NULL, NULL), WCAP_E_RT_TRAP);
    CHECK_EQ(cap.last_trap, WASM_RT_TRAP_EXHAUSTION);
    CHECK_EQ(cap.rt_error, WCAP_E_RT_ARENA);
    /* tables come from the bottom of the region, grow in place */
    cap_init(4096);
    CHECK_EQ(wcap_rt_guarded_call(&cap, do_tables, NULL, NULL), WCAP_OK);
    CHECK_EQ(tab.size, 2);
    CHECK(tab.data[0].func == NULL && tab.data[1].func_type == 0);
    wcap_rt_current = &cap;
    CHECK_EQ(wasm_rt_grow_funcref_table(&tab, 2, wasm_rt_funcref_null_value), 2);
    CHECK_EQ(wasm_rt_grow_funcref_table(&tab, 1, wasm_rt_funcref_null_value), 0xFFFFFFFFu);
    wcap_rt_current = NULL;
    CHECK_EQ(tab.size, 4);
}

static void test_messages(void)
{
    uint32_t np, nr;
    CHECK(strcmp(wcap_strerror(WCAP_E_LDR_MAGIC), "not a wcap blob (bad magic)") == 0);
    CHECK(strcmp(wcap_strerror(12345), "unknown error") == 0);
    CHECK(strcmp(wcap_strerror(WCAP_OK), "ok") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_OOB), "out of bounds memory access") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_DIV_BY_ZERO), "integer divide by zero") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_INT_OVERFLOW), "integer overflow") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_INVALID_CONVERSION), "invalid conversion to integer") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_UNREACHABLE), "unreachable executed") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_CALL_INDIRECT), "indirect call type mismatch") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_EXHAUSTION), "call stack exhausted") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_TIMEOUT), "time budget exceeded") == 0);
    CHECK(strcmp(wcap_rt_trap_message(WASM_RT_TRAP_HOST), "host call refused") == 0);
    CHECK(strcmp(wcap_rt_trap_message((wasm_rt_trap_t)99), "unknown trap") == 0);
    CHECK_EQ(wcap_rt_sig_parse("iIfF:F", &np, &nr), 0);
    CHECK(np == 4 && nr == 1);
    CHECK_EQ(wcap_rt_sig_parse(":", &np, &nr), 0);
    CHECK(np == 0 && nr == 0);
    CHECK_EQ(wcap_rt_sig_parse("ii", &np, &nr), -1);
    CHECK_EQ(wcap_rt_sig_parse("i:x", &np, &nr), -1);
    CHECK_EQ(wcap_rt_sig_parse("i::i", &np, &nr), -1);
}

static void test_symtab(void)
{
    const wcap_symtab_t *t = wcap_rt_symtab();
    const wcap_sym_t *s;
    uint16_t i;
    CHECK(t->count > 30);
    for (i = 1; i < t->count; i++) {
        CHECK(t->syms[i - 1].id < t->syms[i].id);
    }
    CHECK(wcap_symtab_find(t, 1) == NULL); /* the host API is linked as natives */
    s = wcap_symtab_find(t, WCAP_SYM_wasm_rt_trap);
    CHECK(s != NULL && s->addr == (const void *)&wasm_rt_trap && s->cap == 0);
    s = wcap_symtab_find(t, WCAP_SYM_floor);
    CHECK(s != NULL && ((double (*)(double))s->addr)(2.5) == 2.0);
    s = wcap_symtab_find(t, WCAP_SYM_memcpy);
    CHECK(s != NULL);
    /* x86_64: every address within +-2 GB of the runtime's code */
    for (i = 0; i < t->count; i++) {
        long long d = (long long)((uintptr_t)t->syms[i].addr - (uintptr_t)&wasm_rt_trap);
        CHECK(d > -0x7FFFFFFFll && d < 0x7FFFFFFFll);
    }
    CHECK(wcap_symtab_find(t, WCAP_SYM___aeabi_memcpy) == NULL); /* arm only */
    CHECK(wcap_sym_id_known(WCAP_SYM___aeabi_memcpy));
    CHECK(wcap_symtab_find(t, 500) == NULL && !wcap_sym_id_known(500));
}

/* ---- natives: the built-in API and a registered table ----------------- */

static uint32_t nat_fn(void *ctx)
{
    (void)ctx;
    return 7u;
}

static void test_natives(void)
{
    const wcap_native_t *n = wcap_natives_find(1);
    static const wcap_native_t good[] = {
        {2048, 1u << 8, "board", "a", "ii:i", (const void *)&nat_fn},
        {2050, 1u << 9, "board", "b", ":I", (const void *)&nat_fn},
    };
    wcap_native_t bad[2];
    CHECK(n != NULL && n->cap == WCAP_CAP_LOG && !strcmp(n->module, "wcap") && !strcmp(n->name, "log") &&
          !strcmp(n->sig, "ii:") && n->fn == (const void *)&Z_wcapZ_log);
    n = wcap_natives_find(8);
    CHECK(n != NULL && !strcmp(n->name, "reply") && n->cap == WCAP_CAP_REPLY);
    n = wcap_natives_find(9); /* the WASI subset: 9..19 */
    CHECK(n != NULL && !strcmp(n->module, "wasi_snapshot_preview1") && !strcmp(n->name, "fd_write") &&
          !strcmp(n->sig, "iiii:i") && n->cap == WCAP_CAP_LOG);
    n = wcap_natives_find(15);
    CHECK(n != NULL && !strcmp(n->name, "proc_exit") && !strcmp(n->sig, "i:") && n->cap == 0u);
    CHECK(wcap_natives_find(20) == NULL && wcap_natives_find(2048) == NULL);
    CHECK(wcap_natives_is_native_id(5) && wcap_natives_is_native_id(2048) && !wcap_natives_is_native_id(300));
    CHECK_EQ(wcap_natives_register(good, 2), WCAP_OK);
    CHECK(wcap_natives_find(2050) == &good[1] && wcap_natives_find(2049) == NULL);
    CHECK_EQ(wcap_natives_caps(), WCAP_CAP_ALL | (1u << 8) | (1u << 9));
    /* each broken entry refuses the whole table, and the old one stays */
    memcpy(bad, good, sizeof bad);
    bad[1].id = 2048; /* not ascending */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].id = 100; /* the built-in range */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].cap = WCAP_CAP_LOG; /* a built-in capability */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].cap = 3u << 8; /* two bits */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].sig = "ii:ii"; /* two results */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].sig = "ix:"; /* not a type letter */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].module = "Board"; /* not [a-z0-9_] */
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    memcpy(bad, good, sizeof bad);
    bad[0].fn = NULL;
    CHECK_EQ(wcap_natives_register(bad, 2), WCAP_E_RT_NATIVES);
    CHECK(wcap_natives_find(2050) == &good[1]);
    CHECK_EQ(wcap_natives_register(NULL, 0), WCAP_OK);
    CHECK(wcap_natives_find(2048) == NULL && wcap_natives_caps() == WCAP_CAP_ALL);
}

/* ---- guarded calls: traps, nesting, busy, deadlines ------------------- */

typedef struct {
    wcap_capsule_info_t info;
    uintptr_t limit;
    volatile uint32_t intr;
    wcap_rt_capsule_t rt;
} fake_t;

static fake_t outer, inner;
static int inner_rc, reentry_rc;
static wasm_rt_trap_t inner_trap;
static wcap_rt_capsule_t *seen_current;

static void fake_init(fake_t *f, uint32_t budget_ms)
{
    memset(f, 0, sizeof *f);
    f->info.stack_limit = &f->limit;
    f->info.interrupt = &f->intr;
    f->rt.info = &f->info;
    f->rt.stack_budget = 32 * 1024;
    f->rt.time_budget_ms = budget_ms;
}

static void spin_until_interrupt(void *arg, wcap_val_t *v)
{
    fake_t *f = (fake_t *)arg;
    (void)v;
    while (!f->intr) {
    }
    wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
}

static void trap_div(void *arg, wcap_val_t *v)
{
    (void)arg;
    (void)v;
    wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
}

static void set_result(void *arg, wcap_val_t *v)
{
    (void)arg;
    v[0].i32 = 77;
}

/* outer "host call" that enters inner twice and itself once more */
static void outer_body(void *arg, wcap_val_t *v)
{
    (void)arg;
    inner_rc = wcap_rt_guarded_call(&inner.rt, trap_div, NULL, v);
    inner_trap = inner.rt.last_trap;
    seen_current = wcap_rt_current;
    reentry_rc = wcap_rt_guarded_call(&outer.rt, set_result, NULL, v);
    CHECK_EQ(wcap_rt_guarded_call(&inner.rt, set_result, NULL, v), WCAP_OK);
    /* the inner capsule's limit was set below the outer's stack pointer */
    CHECK(inner.limit + 32 * 1024 <= wcap_read_sp() && inner.limit + 32 * 1024 + 4096 > wcap_read_sp());
}

static void test_calls(void)
{
    wcap_val_t v[2];
    uint64_t t0;
    fake_init(&outer, 0);
    fake_init(&inner, 0);
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, outer_body, NULL, v), WCAP_OK);
    CHECK_EQ(inner_rc, WCAP_E_RT_TRAP);
    CHECK_EQ(inner_trap, WASM_RT_TRAP_DIV_BY_ZERO);
    CHECK(seen_current == &outer.rt);
    CHECK_EQ(reentry_rc, WCAP_E_RT_BUSY);
    CHECK_EQ(v[0].i32, 77);
    CHECK(wcap_rt_current == NULL && !outer.rt.running && !inner.rt.running);
    CHECK(outer.rt.trap_jmp == NULL);

    /* deadline: the port's timer sets the flag after the budget */
    fake_init(&outer, 40);
    t0 = wcap_port_millis();
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, spin_until_interrupt, &outer, v), WCAP_E_RT_TRAP);
    CHECK_EQ(outer.rt.last_trap, WASM_RT_TRAP_TIMEOUT);
    CHECK(wcap_port_millis() - t0 >= 39 && wcap_port_millis() - t0 < 500);
    CHECK(outer.limit == UINTPTR_MAX); /* poisoned so prologues trap too */
    /* bad arguments */
    CHECK_EQ(wcap_rt_guarded_call(NULL, set_result, NULL, v), WCAP_E_RT_BAD_ARG);
    outer.rt.info = NULL;
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, set_result, NULL, v), WCAP_E_RT_BAD_ARG);
}

static void nested_spin(void *arg, wcap_val_t *v)
{
    (void)arg;
    inner_rc = wcap_rt_guarded_call(&inner.rt, spin_until_interrupt, &inner, v);
    /* the outer deadline has passed: the outer flag is set on return */
    CHECK(outer.intr != 0);
    wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
}

static void test_nested_deadline(void)
{
    wcap_val_t v[2];
    uint64_t t0 = wcap_port_millis();
    fake_init(&outer, 40);
    fake_init(&inner, 0); /* no budget of its own */
    CHECK_EQ(wcap_rt_guarded_call(&outer.rt, nested_spin, NULL, v), WCAP_E_RT_TRAP);
    CHECK_EQ(inner_rc, WCAP_E_RT_TRAP);
    CHECK_EQ(inner.rt.last_trap, WASM_RT_TRAP_TIMEOUT);
    CHECK_EQ(outer.rt.last_trap, WASM_RT_TRAP_TIMEOUT);
    CHECK(wcap_port_millis() - t0 < 500);
}

static uint64_t libm_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double libm_double(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* One pattern through wcap_rt_floor/ceil and the host's floor/ceil: equal bit
 * patterns (signed zeros included; NaN in, a NaN out). */
static void libm_check(uint64_t u)
{
    double x = libm_double(u);
    if (isnan(x)) {
        CHECK(isnan(wcap_rt_floor(x)) && isnan(wcap_rt_ceil(x)));
        return;
    }
    if (libm_bits(wcap_rt_floor(x)) != libm_bits(floor(x)) || libm_bits(wcap_rt_ceil(x)) != libm_bits(ceil(x))) {
        fprintf(stderr, "floor/ceil of %a: %a/%a, host %a/%a\n", x, wcap_rt_floor(x), wcap_rt_ceil(x), floor(x),
                ceil(x));
        tu_failures++;
    }
}

static void test_libm(void)
{
    static const double edges[] = {
        0.0,
        0.5,
        1.0,
        1.5,
        2.5,
        0x1p-1074,
        0x1p-1022,
        0x1.fffffffffffffp-1,
        0x1.fffffffffffffp+51,
        0x1.fffffffffffffp+50,
        0x1.ffffffffffffep+51,
        0x1p+52,
        0x1.fffffffffffffp+52,
        0x1p+53,
        0x1p+1023,
        0x1.fffffcp+21,
        0x1.fffffp+20,
        0x1.00001p+20,
        0x1.8p+31,
        0x1.fffffffep+31,
        0x1.00000001p+32,
        4294967295.5,
        1e300,
        INFINITY,
        NAN,
    };
    uint64_t r = UINT64_C(0x9E3779B97F4A7C15);
    size_t i;
    int e, k;
    CHECK_EQ(libm_bits(wcap_rt_ceil(0x1.fffffffffffffp+51)), libm_bits(0x1p+52));
    CHECK_EQ(libm_bits(wcap_rt_floor(-0x1.fffffffffffffp+51)), libm_bits(-0x1p+52));
    CHECK_EQ(libm_bits(wcap_rt_ceil(-0.5)), libm_bits(-0.0));
    CHECK_EQ(libm_bits(wcap_rt_floor(-0.0)), libm_bits(-0.0));
    for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        libm_check(libm_bits(edges[i]));
        libm_check(libm_bits(-edges[i]));
        libm_check(libm_bits(edges[i]) + 1u);
        libm_check(libm_bits(-edges[i]) - 1u);
    }
    /* Every exponent around the binary point, with random fractions. */
    for (e = -3; e <= 54; e++) {
        for (k = 0; k < 200; k++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            uint64_t u = ((uint64_t)(e + 1023) << 52) | (r & UINT64_C(0x000FFFFFFFFFFFFF));
            libm_check(u);
            libm_check(u | UINT64_C(0x8000000000000000));
            libm_check(u | UINT64_C(0x000FFFFFFFFFFFFF));
            libm_check((u | UINT64_C(0x000FFFFFFFFFFFFF)) | UINT64_C(0x8000000000000000));
        }
    }
}

/* wasm-rt.h's wcap_trunc_i32_status (the soft-float cores' trapping float ->
 * i32 conversions) against the float comparisons of wasm2c's own macros:
 * every bit pattern near each boundary, infinity and NaN, and random ones. */
static int trunc_ref(double x, int is_unsigned, int f64)
{
    if (x != x)
        return WASM_RT_TRAP_INVALID_CONVERSION;
    int ok =
        is_unsigned ? x > -1.0 && x < 4294967296.0 : (f64 ? x > -2147483649.0 : x >= -2147483648.0) && x < 2147483648.0;
    return ok ? 0 : WASM_RT_TRAP_INT_OVERFLOW;
}

static void trunc_check(uint64_t b64, uint32_t b32)
{
    float f;
    double d;
    memcpy(&f, &b32, sizeof f);
    memcpy(&d, &b64, sizeof d);
    for (int u = 0; u < 2; u++) {
        CHECK_EQ(wcap_trunc_i32_status(b32, u, WCAP_TRUNC_F32), trunc_ref(f, u, 0));
        CHECK_EQ(wcap_trunc_i32_status(b64, u, WCAP_TRUNC_F64), trunc_ref(d, u, 1));
    }
}

static void test_trunc(void)
{
    static const double edges[] = {0.0,           0.5,           1.0,      2147483648.0, 2147483649.0,
                                   4294967296.0,  4294967297.0,  0x1p-149, 0x1p-1074,    INFINITY,
                                   2147483647.75, 4294967295.75, 0x1p+127, 0x1p+1023,    NAN};
    uint64_t r = UINT64_C(0x9E3779B97F4A7C15);
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        for (int neg = 0; neg < 2; neg++) {
            double d = neg ? -edges[i] : edges[i];
            float f = (float)d;
            uint64_t b64;
            uint32_t b32;
            memcpy(&b64, &d, sizeof b64);
            memcpy(&b32, &f, sizeof b32);
            for (int32_t k = -70000; k <= 70000; k++)
                trunc_check(b64 + (uint64_t)(int64_t)k, b32 + (uint32_t)k);
        }
    }
    for (int k = 0; k < 1000000; k++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        trunc_check(r, (uint32_t)r);
        /* exponents around 2^31 and 2^32, either sign */
        uint64_t e = 1023 + 28 + (r >> 60) % 8, e32 = 127 + 28 + (r >> 60) % 8;
        trunc_check((r & UINT64_C(0x800FFFFFFFFFFFFF)) | e << 52, (uint32_t)((r & 0x807FFFFFu) | e32 << 23));
    }
}

int main(int argc, char **argv)
{
    const char *w = argc > 1 ? argv[1] : "";
    if (!strcmp(w, "heap"))
        test_heap();
    else if (!strcmp(w, "func_types"))
        test_func_types();
    else if (!strcmp(w, "memory"))
        test_memory();
    else if (!strcmp(w, "messages"))
        test_messages();
    else if (!strcmp(w, "symtab"))
        test_symtab();
    else if (!strcmp(w, "natives"))
        test_natives();
    else if (!strcmp(w, "guarded_calls"))
        test_calls();
    else if (!strcmp(w, "nested_deadline"))
        test_nested_deadline();
    else if (!strcmp(w, "libm"))
        test_libm();
    else if (!strcmp(w, "trunc"))
        test_trunc();
    else
        return 2;
    return tu_finish(w);
}
