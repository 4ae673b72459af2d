/*
 * semihost_io.h on the Arm semihosting protocol (operation in r0/a0, pointer
 * to its argument block in r1/a1, result in r0/a0), which QEMU implements for
 * Arm (bkpt 0xAB on M-profile) and RISC-V (the slli/ebreak/srai sequence, not
 * compressed). QEMU test firmware only.
 */
#include <stdint.h>

#include "semihost_io.h"

#define SH_OPEN 0x01u
#define SH_CLOSE 0x02u
#define SH_READ 0x06u
#define SH_EXIT 0x18u
#define SH_MODE_RB 1u             /* "rb" */
#define SH_STOPPED_EXIT 0x20026u  /* ADP_Stopped_ApplicationExit: status 0 */
#define SH_STOPPED_ERROR 0x20023u /* ADP_Stopped_RunTimeErrorUnknown: status 1 */

static int32_t sh_call(uint32_t op, uintptr_t arg)
{
#if defined(__arm__)
    register uint32_t r0 __asm__("r0") = op;
    register uintptr_t r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
#elif defined(__riscv)
    register uint32_t a0 __asm__("a0") = op;
    register uintptr_t a1 __asm__("a1") = arg;
    __asm__ volatile(".option push\n\t.option norvc\n\t.balign 4\n\t"
                     "slli x0, x0, 0x1f\n\tebreak\n\tsrai x0, x0, 7\n\t.option pop"
                     : "+r"(a0)
                     : "r"(a1)
                     : "memory");
    return (int32_t)a0;
#else
#error "semihost_io.c: Arm or RISC-V only"
#endif
}

int wcap_sh_open(const char *path)
{
    uint32_t len = 0;
    while (path[len] != '\0')
        len++;
    uintptr_t a[3] = {(uintptr_t)path, SH_MODE_RB, len};
    int32_t h = sh_call(SH_OPEN, (uintptr_t)a);
    return h < 0 ? -1 : (int)h;
}

long wcap_sh_read(int h, void *buf, size_t n)
{
    uintptr_t a[3] = {(uintptr_t)h, (uintptr_t)buf, (uintptr_t)n};
    int32_t left = sh_call(SH_READ, (uintptr_t)a); /* the bytes not read */
    return left < 0 || (size_t)left > n ? -1 : (long)(n - (size_t)left);
}

void wcap_sh_close(int h)
{
    uintptr_t a[1] = {(uintptr_t)h};
    (void)sh_call(SH_CLOSE, (uintptr_t)a);
}

void wcap_sh_exit(int ok)
{
    /* 32-bit semihosting: the reason itself is the argument. */
    (void)sh_call(SH_EXIT, ok ? SH_STOPPED_EXIT : SH_STOPPED_ERROR);
    for (;;) {
    }
}
