/*
 * x86_64 hosts only: the C library lives in a shared object far (> 2 GB)
 * from the capsule arena, out of reach of the PC32 calls a capsule makes to
 * its imports. These wrappers live in the runtime's own binary, next to the
 * arena, and forward to the real functions. symtab.c includes this header
 * after <string.h> and <math.h> so the libc names in symbols.def resolve to
 * the wrappers.
 */
#ifndef WCAP_NEAR_LIBC_H
#define WCAP_NEAR_LIBC_H

#include <stddef.h>

#define WCAP_NEAR_LIBC(X)                                             \
    X(double, floor, (double x), (x))                                 \
    X(float, floorf, (float x), (x))                                  \
    X(double, ceil, (double x), (x))                                  \
    X(float, ceilf, (float x), (x))                                   \
    X(double, trunc, (double x), (x))                                 \
    X(float, truncf, (float x), (x))                                  \
    X(double, nearbyint, (double x), (x))                             \
    X(float, nearbyintf, (float x), (x))                              \
    X(double, sqrt, (double x), (x))                                  \
    X(float, sqrtf, (float x), (x))                                   \
    X(double, fabs, (double x), (x))                                  \
    X(float, fabsf, (float x), (x))                                   \
    X(double, copysign, (double x, double y), (x, y))                 \
    X(float, copysignf, (float x, float y), (x, y))                   \
    X(double, fmin, (double x, double y), (x, y))                     \
    X(float, fminf, (float x, float y), (x, y))                       \
    X(double, fmax, (double x, double y), (x, y))                     \
    X(float, fmaxf, (float x, float y), (x, y))                       \
    X(double, rint, (double x), (x))                                  \
    X(float, rintf, (float x), (x))                                   \
    X(void *, memcpy, (void *d, const void *s, size_t n), (d, s, n))  \
    X(void *, memmove, (void *d, const void *s, size_t n), (d, s, n)) \
    X(void *, memset, (void *d, int c, size_t n), (d, c, n))          \
    X(int, memcmp, (const void *a, const void *b, size_t n), (a, b, n))

#define WCAP_NEAR_DECL(ret, name, params, args) ret wcap_near_##name params;
WCAP_NEAR_LIBC(WCAP_NEAR_DECL)
#undef WCAP_NEAR_DECL

#ifndef WCAP_NEAR_LIBC_IMPL
#define floor wcap_near_floor
#define floorf wcap_near_floorf
#define ceil wcap_near_ceil
#define ceilf wcap_near_ceilf
#define trunc wcap_near_trunc
#define truncf wcap_near_truncf
#define nearbyint wcap_near_nearbyint
#define nearbyintf wcap_near_nearbyintf
#define sqrt wcap_near_sqrt
#define sqrtf wcap_near_sqrtf
#define fabs wcap_near_fabs
#define fabsf wcap_near_fabsf
#define copysign wcap_near_copysign
#define copysignf wcap_near_copysignf
#define fmin wcap_near_fmin
#define fminf wcap_near_fminf
#define fmax wcap_near_fmax
#define fmaxf wcap_near_fmaxf
#define rint wcap_near_rint
#define rintf wcap_near_rintf
#define memcpy wcap_near_memcpy
#define memmove wcap_near_memmove
#define memset wcap_near_memset
#define memcmp wcap_near_memcmp
#endif

#endif /* WCAP_NEAR_LIBC_H */
