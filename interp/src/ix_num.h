/*
 * Numeric semantics of the Wasm instructions that C does not give directly:
 * trapping division and conversions, min/max with NaN and signed zeros,
 * bit counts, rotations, saturating conversions, float bit manipulation.
 * Included by exec.c only.
 */
#ifndef WCAP_IX_NUM_H
#define WCAP_IX_NUM_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "wasm-rt.h"

static inline float ix_f32(uint64_t s)
{
    uint32_t b = (uint32_t)s;
    float f;
    memcpy(&f, &b, 4);
    return f;
}
static inline double ix_f64(uint64_t s)
{
    double d;
    memcpy(&d, &s, 8);
    return d;
}
static inline uint64_t ix_bf32(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}
static inline uint64_t ix_bf64(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

static inline uint32_t ix_clz32(uint32_t x)
{
    uint32_t n = 0;
    if (x == 0u)
        return 32u;
    while (!(x & 0x80000000u)) {
        x <<= 1;
        n++;
    }
    return n;
}
static inline uint32_t ix_ctz32(uint32_t x)
{
    uint32_t n = 0;
    if (x == 0u)
        return 32u;
    while (!(x & 1u)) {
        x >>= 1;
        n++;
    }
    return n;
}
static inline uint32_t ix_pop32(uint32_t x)
{
    uint32_t n = 0;
    while (x) {
        x &= x - 1u;
        n++;
    }
    return n;
}
static inline uint64_t ix_clz64(uint64_t x)
{
    return (x >> 32) ? ix_clz32((uint32_t)(x >> 32)) : 32u + ix_clz32((uint32_t)x);
}
static inline uint64_t ix_ctz64(uint64_t x)
{
    return (uint32_t)x ? ix_ctz32((uint32_t)x) : 32u + ix_ctz32((uint32_t)(x >> 32));
}
static inline uint64_t ix_pop64(uint64_t x)
{
    return ix_pop32((uint32_t)x) + ix_pop32((uint32_t)(x >> 32));
}
static inline uint32_t ix_rotl32(uint32_t x, uint32_t n)
{
    n &= 31u;
    return n ? (x << n) | (x >> (32u - n)) : x;
}
static inline uint32_t ix_rotr32(uint32_t x, uint32_t n)
{
    n &= 31u;
    return n ? (x >> n) | (x << (32u - n)) : x;
}
static inline uint64_t ix_rotl64(uint64_t x, uint64_t n)
{
    n &= 63u;
    return n ? (x << n) | (x >> (64u - n)) : x;
}
static inline uint64_t ix_rotr64(uint64_t x, uint64_t n)
{
    n &= 63u;
    return n ? (x >> n) | (x << (64u - n)) : x;
}

static inline uint32_t ix_div_s32(uint32_t a, uint32_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    if (a == 0x80000000u && b == 0xFFFFFFFFu)
        wasm_rt_trap(WASM_RT_TRAP_INT_OVERFLOW);
    return (uint32_t)((int32_t)a / (int32_t)b);
}
static inline uint32_t ix_rem_s32(uint32_t a, uint32_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    if (b == 0xFFFFFFFFu)
        return 0u;
    return (uint32_t)((int32_t)a % (int32_t)b);
}
static inline uint32_t ix_div_u32(uint32_t a, uint32_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    return a / b;
}
static inline uint32_t ix_rem_u32(uint32_t a, uint32_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    return a % b;
}
static inline uint64_t ix_div_s64(uint64_t a, uint64_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    if (a == 0x8000000000000000ull && b == ~0ull)
        wasm_rt_trap(WASM_RT_TRAP_INT_OVERFLOW);
    return (uint64_t)((int64_t)a / (int64_t)b);
}
static inline uint64_t ix_rem_s64(uint64_t a, uint64_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    if (b == ~0ull)
        return 0u;
    return (uint64_t)((int64_t)a % (int64_t)b);
}
static inline uint64_t ix_div_u64(uint64_t a, uint64_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    return a / b;
}
static inline uint64_t ix_rem_u64(uint64_t a, uint64_t b)
{
    if (b == 0u)
        wasm_rt_trap(WASM_RT_TRAP_DIV_BY_ZERO);
    return a % b;
}

/* min/max: NaN if either is NaN; -0 below +0. */
static inline float ix_fminf(float a, float b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline float ix_fmaxf(float a, float b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}
static inline double ix_fmin(double a, double b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline double ix_fmax(double a, double b)
{
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}

/* Trapping truncation: NaN -> invalid conversion, out of range -> overflow.
 * lo < x < hi is the valid range (bounds exactly representable). */
static inline void ix_trunc_check(double x, double lo, double hi)
{
    if (x != x)
        wasm_rt_trap(WASM_RT_TRAP_INVALID_CONVERSION);
    if (!(x > lo && x < hi))
        wasm_rt_trap(WASM_RT_TRAP_INT_OVERFLOW);
}

/* Saturating truncations (NaN -> 0). */
static inline uint32_t ix_sat_s32(double x)
{
    if (x != x)
        return 0u;
    if (x <= -2147483649.0)
        return 0x80000000u;
    if (x >= 2147483648.0)
        return 0x7FFFFFFFu;
    return (uint32_t)(int32_t)x;
}
static inline uint32_t ix_sat_u32(double x)
{
    if (x != x || x <= -1.0)
        return 0u;
    if (x >= 4294967296.0)
        return 0xFFFFFFFFu;
    return (uint32_t)x;
}
static inline uint64_t ix_sat_s64(double x)
{
    if (x != x)
        return 0u;
    if (x < -9223372036854775808.0)
        return 0x8000000000000000ull;
    if (x >= 9223372036854775808.0)
        return 0x7FFFFFFFFFFFFFFFull;
    return (uint64_t)(int64_t)x;
}
static inline uint64_t ix_sat_u64(double x)
{
    if (x != x || x <= -1.0)
        return 0u;
    if (x >= 18446744073709551616.0)
        return ~0ull;
    return (uint64_t)x;
}

#endif /* WCAP_IX_NUM_H */
