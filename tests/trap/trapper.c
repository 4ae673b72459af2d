/*
 * trapper: the installed capsule of the trap-recovery tests (tests/trap). Its
 * exports trap in every way and keep state a restart must reset; most use the
 * C shadow stack (a Wasm global, __stack_pointer, moved by every frame with a
 * local array), so a trap that leaves that pointer deep in a recursion breaks
 * every later call unless the capsule is re-instantiated.
 *
 *   init        counts in this instance (a restart runs it again)
 *   inits       how many times init ran in this instance (1 after a load or restart)
 *   count       counts calls in this instance and returns the count
 *   recurse n   n frames of 128 bytes of shadow stack each; n = 0: unbounded (the
 *               shadow stack runs out: out of bounds, or the native budget: call
 *               stack exhausted); returns a checksum of n frames otherwise
 *   deep        unbounded recursion with native frames only -> call stack exhausted
 *   div0 x      x / 0 with x in a shadow-stack frame -> integer divide by zero
 *   div a b     a / b through a shadow-stack frame
 *   oob a       load at address a -> out of bounds beyond the memory
 *   spin        endless loop with a shadow-stack frame -> time budget exceeded
 *   sum n       1 + ... + n through a shadow-stack buffer (a good call)
 *   start       counts starts; traps (unreachable) once after arm_start; starts returns the count
 *   tick        counts ticks; traps (unreachable) once after arm_tick; ticks returns the count
 */
#include "wcap.h"

static int32_t n_init, n_count, n_start, n_tick, tick_armed, start_armed;
static volatile int32_t zero;
static volatile uint32_t sink;

WCAP_EXPORT(init) void init(void)
{
    n_init++;
}
WCAP_EXPORT(inits) int32_t inits(void)
{
    return n_init;
}
WCAP_EXPORT(count) int32_t count(void)
{
    return ++n_count;
}

__attribute__((noinline)) static int32_t frames(int32_t n, int32_t depth)
{
    volatile uint8_t buf[128]; /* on the shadow stack: volatile and address-taken */
    for (uint32_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(depth + (int32_t)i);
    if (n != 0 && depth >= n)
        return buf[0];
    int32_t r = frames(n, depth + 1);
    sink = buf[127];
    return r + buf[1];
}

WCAP_EXPORT(recurse) int32_t recurse(int32_t n)
{
    return frames(n, 1);
}

/* No local has its address taken: every frame is native only. */
__attribute__((noinline)) static uint32_t deeper(uint32_t n)
{
    if (n == 0xFFFFFFFFu)
        return 0;
    sink = n;
    uint32_t r = deeper(n + 1u);
    sink = r;
    return r + 1u;
}

WCAP_EXPORT(deep) int32_t deep(void)
{
    return (int32_t)deeper(0);
}

WCAP_EXPORT(div0) int32_t div0(int32_t x)
{
    volatile int32_t v[4] = {x, 0, 0, 0};
    return v[0] / zero;
}

WCAP_EXPORT(div) int32_t div(int32_t a, int32_t b)
{
    volatile int32_t v[4] = {a, b, 0, 0};
    return v[0] / v[1];
}

WCAP_EXPORT(oob) int32_t oob(int32_t a)
{
    volatile int32_t *p = (volatile int32_t *)(uintptr_t)(uint32_t)a;
    return *p;
}

WCAP_EXPORT(spin) int32_t spin(void)
{
    volatile uint32_t v[4] = {0, 0, 0, 0};
    for (;;)
        v[0] = v[0] + 1u;
}

WCAP_EXPORT(sum) int32_t sum(int32_t n)
{
    volatile int32_t buf[64];
    int32_t s = 0;
    if (n < 0 || n > 64)
        return -1;
    for (int32_t i = 0; i < n; i++)
        buf[i] = i + 1;
    for (int32_t i = 0; i < n; i++)
        s += buf[i];
    return s;
}

WCAP_EXPORT(start) void start(void)
{
    if (start_armed) {
        start_armed = 0;
        __builtin_trap();
    }
    n_start++;
}

WCAP_EXPORT(arm_start) void arm_start(void)
{
    start_armed = 1;
}
WCAP_EXPORT(starts) int32_t starts(void)
{
    return n_start;
}

WCAP_EXPORT(tick) void tick(void)
{
    if (tick_armed) {
        tick_armed = 0;
        __builtin_trap();
    }
    n_tick++;
}

WCAP_EXPORT(arm_tick) void arm_tick(void)
{
    tick_armed = 1;
}
WCAP_EXPORT(ticks) int32_t ticks(void)
{
    return n_tick;
}
