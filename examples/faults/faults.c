/*
 * faults: one export per way a capsule can misbehave, for the fault-isolation
 * tests. Each must end in a trap of the named kind and leave the device (and
 * the capsule, for the next call) usable; `ok` returns FAULTS_OK_VALUE.
 *   oob           load far outside linear memory        -> out of bounds
 *   wrap          base + offset past 2^32 (an address that
 *                 would wrap to 16 in 32 bits)           -> out of bounds
 *   div0          signed division by zero                -> divide by zero
 *   unreachable   executes `unreachable`                 -> unreachable
 *   loop_forever  never returns                          -> time budget
 *   recurse       unbounded recursion                    -> stack exhaustion
 *   bad_indirect  call_indirect with the wrong signature -> indirect call
 */
#include "wcap.h"

#define FAULTS_OK_VALUE 1234

static volatile int32_t zero; /* the compiler cannot see it is 0 */
static volatile uint32_t far = 0xFFFFFFF0u;
static volatile uint32_t sink;

WCAP_EXPORT(ok) int32_t ok(void)
{
    return FAULTS_OK_VALUE;
}

WCAP_EXPORT(oob) int32_t oob(void)
{
    volatile int32_t *p = (volatile int32_t *)(uintptr_t)far;
    return *p;
}

/* A field 32 bytes into a struct at 0xFFFFFFF0: clang puts the 32 in the
 * load's static offset, so the effective address is 2^32 + 16. WebAssembly
 * computes it without wrapping: it must trap, never read address 16. */
struct far_record {
    uint8_t pad[32];
    int32_t field;
};

WCAP_EXPORT(wrap) int32_t wrap(void)
{
    volatile struct far_record *r = (volatile struct far_record *)(uintptr_t)far;
    return r->field;
}

WCAP_EXPORT(div0) int32_t div0(void)
{
    return 100 / zero;
}

WCAP_EXPORT(unreachable) int32_t unreachable(void)
{
    __builtin_trap();
}

WCAP_EXPORT(loop_forever) int32_t loop_forever(void)
{
    for (;;)
        sink = sink + 1u;
}

/* The store after the call keeps the compiler from turning this into a loop,
 * and no local has its address taken, so every frame is on the native stack. */
__attribute__((noinline)) static uint32_t deeper(uint32_t n)
{
    if (n == 0xFFFFFFFFu) /* never reached: the stack budget runs out first */
        return 0;
    sink = n;
    uint32_t r = deeper(n + 1u);
    sink = r;
    return r + 1u;
}

WCAP_EXPORT(recurse) int32_t recurse(void)
{
    return (int32_t)deeper(0);
}

typedef int32_t (*int_fn)(int32_t);
static int32_t no_args(void)
{
    return 1;
}
static int32_t (*volatile wrong)(void) = no_args;

WCAP_EXPORT(bad_indirect) int32_t bad_indirect(void)
{
    /* Calling through a pointer of another type: wasm checks the signature. */
    int_fn f = (int_fn)(uintptr_t)wrong;
    return f(7);
}
