/*
 * Native form of a benchmark on a QEMU board (bare metal, picolibc with
 * semihosting for output and exit). Runs bench_run(1) and bench_run(3) and
 * prints, on one line,
 *   bench NAME counts C1 C3 unit_instructions U stack_peak S result R1 R3
 * where C1/C3 are the board counter deltas around each call and
 * U = (C3 - C1) / 2 * BENCH_COUNTER_INSNS: under `-icount shift=0` every
 * guest instruction takes 1 ns of virtual time, so a counter at f Hz advances
 * once per 1e9/f instructions (rv32: minstret counts instructions directly;
 * xtensa: CCOUNT, the cycle counter, which QEMU advances with virtual time).
 * stack_peak: deepest stack byte written by bench_run, found by painting the
 * free stack below the current frame before the call.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

#ifndef BENCH_NAME
#error "BENCH_NAME: the program's name, a string"
#endif

#if defined(__riscv)
#define BENCH_COUNTER_INSNS 1u
static uint32_t counter(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}
static void counter_init(void)
{
}
#elif defined(__XTENSA__)
#ifndef BENCH_COUNTER_INSNS
#error "BENCH_COUNTER_INSNS: 1e9 / the CCOUNT rate in Hz"
#endif
static uint32_t counter(void)
{
    uint32_t v;
    __asm__ volatile("rsr %0, ccount" : "=a"(v));
    return v;
}
static void counter_init(void)
{
}
#else
/* CMSDK APB timer 0: 32-bit down counter at the peripheral clock. */
#ifndef BENCH_TIMER_BASE
#define BENCH_TIMER_BASE 0x40000000u
#endif
#ifndef BENCH_COUNTER_INSNS
#define BENCH_COUNTER_INSNS 40u /* 25 MHz */
#endif
#define TIMER_REG(off) (*(volatile uint32_t *)(BENCH_TIMER_BASE + (off)))
static void counter_init(void)
{
    TIMER_REG(0x0) = 0;           /* CTRL: stop */
    TIMER_REG(0x8) = 0xFFFFFFFFu; /* RELOAD */
    TIMER_REG(0x4) = 0xFFFFFFFFu; /* VALUE */
    TIMER_REG(0x0) = 1;           /* CTRL: enable */
}
static uint32_t counter(void)
{
    return ~TIMER_REG(0x4); /* counts up */
}
#endif

#define PAINT 0xA5u
#define PAINT_BYTES 8192u

static uintptr_t stack_pointer(void)
{
    uintptr_t sp;
#if defined(__riscv)
    __asm__ volatile("mv %0, sp" : "=r"(sp));
#elif defined(__XTENSA__)
    __asm__ volatile("mov %0, a1" : "=a"(sp));
#else
    __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
    return sp;
}

/* Paints PAINT_BYTES of free stack right below the caller's stack pointer
 * (inlined into main, so nothing of ours lives there; integer addresses: the
 * area is no C object). Returns the painted area's top. */
static inline __attribute__((always_inline)) uintptr_t paint_stack(void)
{
    uintptr_t top = stack_pointer() & ~(uintptr_t)7u;
    for (uintptr_t a = top - PAINT_BYTES; a < top; a++)
        *(volatile uint8_t *)a = PAINT;
    return top;
}

static uint32_t stack_used(uintptr_t top)
{
    uintptr_t a = top - PAINT_BYTES;
    while (a < top && *(volatile const uint8_t *)a == PAINT)
        a++;
    return (uint32_t)(top - a);
}

static int timed(int scale, uint32_t *count)
{
    uint32_t t0 = counter();
    int r = bench_run(scale);
    *count = counter() - t0;
    return r;
}

int main(void)
{
    uint32_t c1, c3;
    counter_init();
    uintptr_t top = paint_stack();
    int r1 = timed(1, &c1);
    uint32_t stack = stack_used(top);
    int r3 = timed(3, &c3);
    uint32_t unit = (uint32_t)(((uint64_t)(c3 - c1) * BENCH_COUNTER_INSNS) / 2u);
    printf("bench %s counts %lu %lu unit_instructions %lu stack_peak %lu result %d %d\n", BENCH_NAME, (unsigned long)c1,
           (unsigned long)c3, (unsigned long)unit, (unsigned long)stack, r1, r3);
    return r1 == 0 && r3 == 0 ? 0 : 1;
}
