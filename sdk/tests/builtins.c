/*
 * sdk.builtins: a wcap_add_capsule capsule that needs compiler-rt's builtins
 * (128-bit integers: __multi3, __divti3; long double: __floatditf, __divtf3,
 * __trunctfdf2, ...) and wasi-libc's printf with %.3f. Without
 * WCAP_WASM_BUILTINS it does not link (undefined symbol: __multi3). (wasi-libc
 * prints long double with %Lf only when linked with -lc-printscan-long-double.)
 */
#include <stdint.h>
#include <stdio.h>

#include "wcap.h"

static volatile int64_t seed = 3037000499; /* volatile: nothing folded at compile time */

WCAP_EXPORT(run) int64_t run(void)
{
    __int128 sq = (__int128)seed * seed;
    int64_t q = (int64_t)(sq / 1000003);
    long double x = (long double)seed / 7.0L;
    printf("int128 %lld, long double / 7 %.3f\n", (long long)q, (double)x);
    return q;
}
