/*
 * hostile: capsules that never return, each a different shape of "runs
 * forever", for the asynchronous-preemption tests (tests/preempt). With no
 * poll at loop heads, each must still end in "time budget exceeded" shortly
 * after its budget, and the capsule must keep working (`ok`).
 *   spin          for (;;) {}: a one-instruction loop, no call, no memory access
 *   host_spin     a loop whose body only calls a host function (millis)
 *   tail_recurse  infinite tail recursion, which clang turns into a loop
 *   indirect_spin a loop inside a function reached through call_indirect
 *   float_spin    a loop of double arithmetic (libgcc soft-float helpers on
 *                 rv32imac and the single-precision Cortex-M FPUs)
 */
#include "wcap.h"

#define HOSTILE_OK_VALUE 4321

static volatile uint32_t sink;
static volatile uint32_t stop; /* never set: hides the recursion's end from clang */
static volatile double fsink = 1.0;

WCAP_EXPORT(ok) int32_t ok(void)
{
    return HOSTILE_OK_VALUE;
}

WCAP_EXPORT(spin) int32_t spin(void)
{
    for (;;) {
    }
}

WCAP_EXPORT(host_spin) int32_t host_spin(void)
{
    for (;;)
        (void)wcap_millis();
}

__attribute__((noinline)) static uint32_t chase(uint32_t n)
{
    if (stop)
        return n;
    sink = n;
    return chase(n * 3u + 1u); /* a tail call: becomes a jump back to the entry */
}

WCAP_EXPORT(tail_recurse) int32_t tail_recurse(void)
{
    return (int32_t)chase(1u);
}

static void looper(void)
{
    for (;;)
        sink = sink + 1u;
}

static void (*volatile indirect)(void) = looper;

WCAP_EXPORT(indirect_spin) int32_t indirect_spin(void)
{
    indirect();
    return 0;
}

WCAP_EXPORT(float_spin) int32_t float_spin(void)
{
    double x = fsink;
    for (;;) {
        x = x * 1.0000001 + 0.5 / (x + 1.0);
        fsink = x;
    }
}
