/* floor and ceil of doubles on the 64-bit pattern (wcap/rt_libm.h). */
#include <stdint.h>
#include <string.h>

#include "wcap/rt_libm.h"

#define RT_FRAC_BITS 52
#define RT_EXP_BIAS 1023
#define RT_EXP_MASK 0x7FFu
#define RT_FRAC_MASK UINT64_C(0x000FFFFFFFFFFFFF)
#define RT_SIGN UINT64_C(0x8000000000000000)

/* Rounds x to an integer, away from zero when `up` is the direction of its
 * sign (ceil of a positive, floor of a negative), else toward zero. */
static double rt_round_dir(double x, int toward_neg)
{
    uint64_t u, frac;
    int e, neg;

    memcpy(&u, &x, sizeof u);
    e = (int)((u >> RT_FRAC_BITS) & RT_EXP_MASK) - RT_EXP_BIAS;
    neg = (u & RT_SIGN) != 0u;
    if (e >= RT_FRAC_BITS) /* integral already, or infinity, or NaN */
        return x;
    if (e < 0) { /* |x| < 1 */
        if ((u & ~RT_SIGN) == 0u)
            return x; /* +-0 */
        if (toward_neg)
            return neg ? -1.0 : 0.0;
        return neg ? -0.0 : 1.0;
    }
    frac = RT_FRAC_MASK >> e; /* the fraction bits below the binary point */
    if ((u & frac) == 0u)
        return x;
    /* Away from zero: adding `frac` carries into the integer bits (and into the
     * exponent when they are all ones, which is exact: 2^(e+1)). */
    if (neg == toward_neg)
        u += frac;
    u &= ~frac;
    memcpy(&x, &u, sizeof x);
    return x;
}

double wcap_rt_floor(double x)
{
    return rt_round_dir(x, 1);
}

double wcap_rt_ceil(double x)
{
    return rt_round_dir(x, 0);
}
