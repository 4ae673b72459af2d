/*
 * Arm run-time ABI memory helpers routed to the harness's mini_libc, so the
 * native board build uses the same byte loops as every other form (clang
 * emits __aeabi_memcpy & co. for struct copies; without these the linker would
 * pull picolibc's memcpy object, whose memcpy clashes with mini_libc's).
 */
#include "bench.h"

void __aeabi_memcpy(void *d, const void *s, size_t n)
{
    memcpy(d, s, n);
}
void __aeabi_memcpy4(void *d, const void *s, size_t n)
{
    memcpy(d, s, n);
}
void __aeabi_memcpy8(void *d, const void *s, size_t n)
{
    memcpy(d, s, n);
}
void __aeabi_memmove(void *d, const void *s, size_t n)
{
    memmove(d, s, n);
}
void __aeabi_memmove4(void *d, const void *s, size_t n)
{
    memmove(d, s, n);
}
void __aeabi_memmove8(void *d, const void *s, size_t n)
{
    memmove(d, s, n);
}
void __aeabi_memset(void *d, size_t n, int c)
{
    memset(d, c, n);
}
void __aeabi_memset4(void *d, size_t n, int c)
{
    memset(d, c, n);
}
void __aeabi_memset8(void *d, size_t n, int c)
{
    memset(d, c, n);
}
void __aeabi_memclr(void *d, size_t n)
{
    memset(d, 0, n);
}
void __aeabi_memclr4(void *d, size_t n)
{
    memset(d, 0, n);
}
void __aeabi_memclr8(void *d, size_t n)
{
    memset(d, 0, n);
}
