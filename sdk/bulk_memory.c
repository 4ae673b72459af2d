/*
 * memcpy, memmove and memset for capsules, as WebAssembly bulk-memory
 * instructions: linked into every capsule by sdk/capsule.cmake, which
 * compiles with -mbulk-memory, so each body is one memory.copy or
 * memory.fill. wasm2c turns those into one bounds check and a call of the
 * device's native memmove/memset. wasi-libc's own versions
 * (Debian's build has no bulk memory) are loops of wasm loads and stores,
 * each compiled through wasm2c with its own bounds check. Linked before
 * wasi-libc, so every caller (the capsule, printf and the rest of wasi-libc)
 * uses these. Measured: docs/benchmarks.md "Bulk memory".
 */
#include <stddef.h>

#if !defined(__wasm_bulk_memory__)
#error "sdk/bulk_memory.c needs -mbulk-memory (else each function would call itself)"
#endif

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
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
