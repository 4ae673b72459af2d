/* Helpers shared by all benchmark programs (see bench.h). */
#include "bench.h"

static volatile uint32_t bench_zero_cell;

uint32_t bench_zero(void)
{
    return bench_zero_cell;
}

uint32_t bench_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

void bench_fill(uint8_t *p, size_t n, uint32_t seed)
{
    uint32_t s = seed ? seed : 1u;
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(bench_rand(&s) >> 24);
}
