/*
 * copy: memcpy, memmove and memset in an SDK capsule, which are
 * memory.copy / memory.fill (sdk/bulk_memory.c). `check(n)` copies, moves
 * (overlapping both ways) and fills a buffer and returns a checksum that
 * bulk.sh compares with the same computation done in Python; `oob()` copies
 * from beyond the capsule's memory and must trap.
 */
#include <string.h>

#include "wcap.h"

static unsigned char buf[512], out[512];

static uint32_t sum(const unsigned char *p, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

WCAP_EXPORT(check) int32_t check(int32_t n)
{
    if (n < 0 || n > 200)
        return -1;
    for (int32_t i = 0; i < 512; i++)
        buf[i] = (unsigned char)(i * 7 + 3);
    memcpy(out, buf, (size_t)n);              /* out[0..n) = buf[0..n) */
    memmove(buf + 10, buf, (size_t)n);        /* overlapping, forwards */
    memmove(buf + 300, buf + 305, (size_t)n); /* overlapping, backwards */
    memset(out + n, 0xA5, (size_t)(512 - n));
    return (int32_t)(sum(buf, 512) ^ sum(out, 512));
}

WCAP_EXPORT(oob) int32_t oob(int32_t n)
{
    memcpy(out, (const void *)(uintptr_t)0x7FFFFF00u, (size_t)n);
    return out[0];
}
