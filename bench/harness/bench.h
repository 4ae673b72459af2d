/*
 * The common harness of the wcap benchmark programs.
 *
 * Every program in bench/programs/ defines bench_run() and uses only what this
 * header declares, so the same source builds natively (x86_64 or a board),
 * as a wasm32 capsule with no imports, and as a wcap AOT blob.
 *
 * Contract of bench_run(scale):
 *   - does the program's unit of work `scale` times (scale >= 1), each time
 *     from the same input, so per-unit cost = (cost(s2) - cost(s1)) / (s2 - s1);
 *   - then verifies the result against an independently known value (a
 *     published test vector, or the same quantity computed a different way);
 *   - returns 0 only if every unit produced the same result and the check
 *     passed, else a small positive number naming the failed check.
 * Set-up and verification run once per call, so differencing cancels them.
 */
#ifndef WCAP_BENCH_H
#define WCAP_BENCH_H

#include <stddef.h>
#include <stdint.h>

int bench_run(int scale);

/* An opaque zero (read through a volatile): adding it to an index or pointer
 * stops the compiler from hoisting identical units of work out of the loop. */
uint32_t bench_zero(void);

/* xorshift32 pseudo-random numbers; *state must be non-zero. The same
 * generator is reproduced in bench/tools/expected.py for expected values. */
uint32_t bench_rand(uint32_t *state);
void bench_fill(uint8_t *p, size_t n, uint32_t seed);

/* The only C library functions a program may use (the wasm build links
 * bench/harness/mini_libc.c; native builds use the platform's libc). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
double sqrt(double x); /* a Wasm instruction (f64.sqrt); libm natively */

/* Records the first unit's result and flags any later unit that differs. */
typedef struct {
    uint32_t first;
    int seen;
    int differs;
} bench_same_t;

static inline void bench_same(bench_same_t *s, uint32_t r)
{
    if (!s->seen) {
        s->first = r;
        s->seen = 1;
    } else if (r != s->first) {
        s->differs = 1;
    }
#ifdef BENCH_SABOTAGE
    s->differs = 1; /* proves that the test harness notices a failed check */
#endif
}

#define BENCH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* WCAP_BENCH_H */
