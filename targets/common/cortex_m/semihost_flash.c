/*
 * QEMU STAND-IN, NOT A FLASH DRIVER FOR A REAL PART: the flash driver
 * (wcap/dev/flash.h) of the mps2 boards on a host file through Arm
 * semihosting (bkpt 0xAB), because QEMU's mps2-an386/an505 have no flash that
 * persists to a file. A real board replaces this file with its flash
 * controller's driver (docs/flash-store.md).
 *
 * targets/<board>/qemu.sh with WCAP_FLASH_FILE=F starts QEMU with semihosting
 * and the argument "wcap-flash=F"; the firmware reads it (SYS_GET_CMDLINE) and
 * opens F. The file is NOR flash: erase writes a page of ones, program reads,
 * ANDs and writes back, so the store sees the same semantics as on a chip.
 * Without semihosting the probe's bkpt is a debug event that the fault handler
 * (fault.c) answers with -1: no flash, the RAM store as before.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board_flash.h"
#include "cortex_m.h"

#define SH_OPEN 0x01u
#define SH_WRITE 0x05u
#define SH_READ 0x06u
#define SH_SEEK 0x0Au
#define SH_FLEN 0x0Cu
#define SH_GET_CMDLINE 0x15u
#define SH_MODE_RPB 3u /* "r+b" */

#define SH_PAGE 4096u
#define SH_PAGES 64u /* 256 KB: two banks of 128 KB */

static const char arg_prefix[] = "wcap-flash=";
static int32_t handle = -1;

static int32_t sh_call(uint32_t op, void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

static int sh_seek(uint32_t off)
{
    uint32_t a[2] = {(uint32_t)handle, off};
    return sh_call(SH_SEEK, a) == 0 ? 0 : -1;
}

static int sh_read(void *ctx, uint32_t off, uint8_t *buf, uint32_t len)
{
    uint32_t a[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buf, len};
    (void)ctx;
    return off <= SH_PAGE * SH_PAGES && len <= SH_PAGE * SH_PAGES - off && sh_seek(off) == 0 && sh_call(SH_READ, a) == 0
               ? 0
               : -1; /* returns the bytes not read */
}

static int sh_write(uint32_t off, const uint8_t *buf, uint32_t len)
{
    uint32_t a[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buf, len};
    return sh_seek(off) == 0 && sh_call(SH_WRITE, a) == 0 ? 0 : -1;
}

static int sh_program(void *ctx, uint32_t off, const uint8_t *data, uint32_t len)
{
    uint8_t cur[64];
    for (uint32_t done = 0; done < len;) {
        uint32_t k = len - done < sizeof cur ? len - done : (uint32_t)sizeof cur;
        if (sh_read(ctx, off + done, cur, k) != 0)
            return -1;
        for (uint32_t i = 0; i < k; i++)
            cur[i] &= data[done + i]; /* NOR: bits only go 1 -> 0 */
        if (sh_write(off + done, cur, k) != 0)
            return -1;
        done += k;
    }
    return 0;
}

static int sh_erase(void *ctx, uint32_t page)
{
    uint8_t ones[256];
    (void)ctx;
    if (page >= SH_PAGES)
        return -1;
    memset(ones, 0xFF, sizeof ones);
    for (uint32_t i = 0; i < SH_PAGE; i += sizeof ones)
        if (sh_write(page * SH_PAGE + i, ones, sizeof ones) != 0)
            return -1;
    return 0;
}

static const wcap_dev_flash_t sh_flash = {
    .page_size = SH_PAGE,
    .page_count = SH_PAGES,
    .read = sh_read,
    .program = sh_program,
    .erase = sh_erase,
    .ctx = NULL,
};

const wcap_dev_flash_t *wcap_board_flash(void)
{
    char cmdline[200]; /* at boot only: the path is needed until SYS_OPEN */
    uint32_t a[3];
    const char *path;

    if (handle >= 0)
        return &sh_flash;
    a[0] = (uint32_t)(uintptr_t)cmdline;
    a[1] = sizeof cmdline - 1;
    if (sh_call(SH_GET_CMDLINE, a) != 0)
        return NULL; /* no semihosting (the fault handler answered -1) */
    cmdline[a[1] < sizeof cmdline ? a[1] : sizeof cmdline - 1] = '\0';
    if ((path = strstr(cmdline, arg_prefix)) == NULL)
        return NULL;
    path += sizeof arg_prefix - 1;
    a[0] = (uint32_t)(uintptr_t)path;
    a[1] = SH_MODE_RPB;
    a[2] = (uint32_t)strlen(path);
    handle = sh_call(SH_OPEN, a);
    if (handle < 0)
        return NULL;
    a[0] = (uint32_t)handle;
    if (sh_call(SH_FLEN, a) != (int32_t)(SH_PAGE * SH_PAGES)) {
        handle = -1; /* qemu.sh makes it the right size; anything else is not ours */
        return NULL;
    }
    return &sh_flash;
}
