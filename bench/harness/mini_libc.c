/*
 * The few C library functions the benchmark programs use, for the wasm32
 * build (no libc, no WASI). Compiled with -fno-builtin so the loops are not
 * turned back into calls of themselves. Byte loops on purpose: the same code
 * on every form, and the programs copy little. Built with -mbulk-memory
 * (bench/tools/bulk_memory.py), memcpy, memmove and memset are instead
 * memory.copy / memory.fill, as in capsules built by the SDK
 * (sdk/bulk_memory.c).
 */
#include "bench.h"

#if defined(__wasm_bulk_memory__)
void *memcpy(void *dst, const void *src, size_t n)
{
    return __builtin_memcpy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
    return __builtin_memmove(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
    return __builtin_memset(dst, c, n);
}
#else

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}
#endif

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

/* clang turns `memcmp(...) == 0` into bcmp natively: keep that ours too. */
int bcmp(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n);
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
