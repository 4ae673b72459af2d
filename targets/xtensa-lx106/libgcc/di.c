/*
 * The 64-bit integer helpers that Debian's lx106 libgcc leaves out, on top of
 * the ones it has (__udivmoddi4, __divmoddi4) and lib1funcs.S's __umulsidi3
 * (libgcc.cmake). C99, compiled with the firmware's flags.
 *
 * libgcc's __divmoddi4 always stores the remainder, so every call passes a
 * real one.
 */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t a, uint64_t b, uint64_t *rem);
int64_t __divmoddi4(int64_t a, int64_t b, int64_t *rem);
uint64_t __umulsidi3(uint32_t a, uint32_t b);

uint64_t __udivdi3(uint64_t a, uint64_t b);
uint64_t __umoddi3(uint64_t a, uint64_t b);
int64_t __divdi3(int64_t a, int64_t b);
int64_t __muldi3(int64_t a, int64_t b);

uint64_t __udivdi3(uint64_t a, uint64_t b)
{
    uint64_t rem;
    return __udivmoddi4(a, b, &rem);
}

uint64_t __umoddi3(uint64_t a, uint64_t b)
{
    uint64_t rem;
    (void)__udivmoddi4(a, b, &rem);
    return rem;
}

int64_t __divdi3(int64_t a, int64_t b)
{
    int64_t rem;
    return __divmoddi4(a, b, &rem);
}

/* The low 64 bits of a * b: the full product of the low words, plus the two
 * cross products shifted up (their high halves fall off the top). */
int64_t __muldi3(int64_t a, int64_t b)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    uint32_t alo = (uint32_t)ua, ahi = (uint32_t)(ua >> 32);
    uint32_t blo = (uint32_t)ub, bhi = (uint32_t)(ub >> 32);
    uint64_t low = __umulsidi3(alo, blo);
    uint32_t cross = alo * bhi + ahi * blo;
    return (int64_t)(low + ((uint64_t)cross << 32));
}
