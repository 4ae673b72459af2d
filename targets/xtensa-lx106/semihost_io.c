/*
 * semihost_io.h on QEMU's Xtensa semihosting: the simcall instruction with
 * the call number in a2 and its arguments in a3..a5 (POSIX open/read/close
 * semantics), result in a2, errno in a3. QEMU test firmware only.
 */
#include <stdint.h>

#include "semihost_io.h"

#define XT_SYS_EXIT 1u
#define XT_SYS_READ 3u
#define XT_SYS_OPEN 5u
#define XT_SYS_CLOSE 6u
#define XT_O_RDONLY 0u

static int32_t simcall(uint32_t op, uint32_t x, uint32_t y, uint32_t z)
{
    register uint32_t a2 __asm__("a2") = op;
    register uint32_t a3 __asm__("a3") = x;
    register uint32_t a4 __asm__("a4") = y;
    register uint32_t a5 __asm__("a5") = z;
    __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
    return (int32_t)a2;
}

int wcap_sh_open(const char *path)
{
    int32_t h = simcall(XT_SYS_OPEN, (uint32_t)(uintptr_t)path, XT_O_RDONLY, 0u);
    return h < 0 ? -1 : (int)h;
}

long wcap_sh_read(int h, void *buf, size_t n)
{
    int32_t r = simcall(XT_SYS_READ, (uint32_t)h, (uint32_t)(uintptr_t)buf, (uint32_t)n);
    return r < 0 ? -1 : (long)r;
}

void wcap_sh_close(int h)
{
    (void)simcall(XT_SYS_CLOSE, (uint32_t)h, 0u, 0u);
}

void wcap_sh_exit(int ok)
{
    (void)simcall(XT_SYS_EXIT, ok ? 0u : 1u, 0u, 0u);
    for (;;) {
    }
}
