/*
 * The flash driver (wcap/dev/flash.h) of the rv32imac board: QEMU virt's
 * second CFI parallel flash (pflash1, Intel/Sharp command set, 32-bit bank of
 * two 16-bit devices, 256 KB erase blocks) at 0x22000000, backed by a file
 * when QEMU is started with -drive if=pflash,unit=1,file=F (targets/rv32imac/
 * qemu.sh does this for WCAP_FLASH_FILE=F, and loads the ELF with -device
 * loader, since virt hands -kernel to firmware in pflash1 then). pflash0 is
 * left alone: with it, virt's reset code jumps into the flash, not the ELF.
 *
 * The store uses the first WCAP_RV_FLASH_BLOCKS blocks. Without a backing
 * file QEMU's flash is zero-filled RAM; a flash that reads as zeros over its
 * first bytes is taken for that (no store on flash: the board keeps the store
 * in reset-surviving RAM as before). An erased or wcap-formatted flash never
 * starts with zeros (qemu.sh creates the file erased, all ones).
 */
#include <stddef.h>
#include <stdint.h>

#include "board_flash.h"
#include "virt.h"

#define PFLASH1_BASE 0x22000000u
#define PFLASH_BLOCK (256u * 1024u)
#ifndef WCAP_RV_FLASH_BLOCKS
#define WCAP_RV_FLASH_BLOCKS 4u /* 1 MB: two banks of 512 KB */
#endif

#define CMD_PROGRAM 0x40u
#define CMD_ERASE 0x20u
#define CMD_CONFIRM 0xD0u
#define CMD_CLEAR 0x50u
#define CMD_READ_ARRAY 0xFFu
#define ST_READY 0x80u
#define ST_ERRORS 0x3Au /* erase, program, voltage, lock errors */

/* A command goes to both 16-bit devices of the 32-bit bank. */
#define CMD32(c) ((uint32_t)(c) | ((uint32_t)(c) << 16))

static uint32_t wait_status(uint32_t addr)
{
    uint32_t st;
    unsigned spins = 0;
    do {
        st = RV_REG32(addr);
    } while (!(st & ST_READY) && ++spins < 1000000u);
    return (st & ST_READY) ? st & 0xFFu : 0xFFu; /* a timeout counts as an error */
}

static int finish(uint32_t addr, uint32_t st)
{
    if (st & ST_ERRORS)
        RV_REG32(addr) = CMD32(CMD_CLEAR);
    RV_REG32(addr) = CMD32(CMD_READ_ARRAY);
    return (st & ST_ERRORS) ? -1 : 0;
}

static int pf_read(void *ctx, uint32_t off, uint8_t *buf, uint32_t len)
{
    (void)ctx;
    for (uint32_t i = 0; i < len; i++)
        buf[i] = RV_REG8(PFLASH1_BASE + off + i);
    return 0;
}

static int pf_program(void *ctx, uint32_t off, const uint8_t *data, uint32_t len)
{
    (void)ctx;
    if (off % 4u != 0 || len % 4u != 0)
        return -1;
    for (uint32_t i = 0; i < len; i += 4u) {
        uint32_t addr = PFLASH1_BASE + off + i, st;
        uint32_t w =
            (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 | (uint32_t)data[i + 2] << 16 | (uint32_t)data[i + 3] << 24;
        if (w == 0xFFFFFFFFu)
            continue; /* nothing to clear */
        RV_REG32(addr) = CMD32(CMD_PROGRAM);
        RV_REG32(addr) = w;
        st = wait_status(addr);
        if (finish(addr, st) != 0)
            return -1;
    }
    return 0;
}

static int pf_erase(void *ctx, uint32_t page)
{
    uint32_t addr = PFLASH1_BASE + page * PFLASH_BLOCK;
    (void)ctx;
    if (page >= WCAP_RV_FLASH_BLOCKS)
        return -1;
    RV_REG32(addr) = CMD32(CMD_ERASE);
    RV_REG32(addr) = CMD32(CMD_CONFIRM);
    return finish(addr, wait_status(addr));
}

static const wcap_dev_flash_t pflash = {
    .page_size = PFLASH_BLOCK,
    .page_count = WCAP_RV_FLASH_BLOCKS,
    .read = pf_read,
    .program = pf_program,
    .erase = pf_erase,
    .ctx = NULL,
};

const wcap_dev_flash_t *wcap_board_flash(void)
{
    for (uint32_t i = 0; i < 64u; i += 4u)
        if (RV_REG32(PFLASH1_BASE + i) != 0)
            return &pflash;
    return NULL; /* zero-filled: QEMU without a backing file */
}
