/*
 * The flash driver a board gives the flash store (wcap/dev/store_flash.h):
 * geometry and three operations with NOR semantics. Offsets are relative to
 * the start of the region the store may use (page 0 at offset 0).
 *
 *   read     any offset and length inside the region.
 *   program  offset and length multiples of WCAP_DEV_FLASH_ALIGN; may only
 *            turn bits 1 -> 0. The store programs every aligned unit at most
 *            once between two erases (ECC flash that forbids reprogramming is
 *            fine), and reads back what it programmed.
 *   erase    one page (the erase unit) to all ones. The store reads the page
 *            back, so a worn page that fails silently is caught too.
 * Each returns 0, or a negative value on a failure the driver detected.
 * Two implementations in this tree: the power-cut simulator of the host tests
 * (tests/store/flash_sim.c) and QEMU virt's CFI flash (targets/rv32imac/pflash.c).
 */
#ifndef WCAP_DEV_FLASH_H
#define WCAP_DEV_FLASH_H

#include <stdint.h>

/* The program unit the store aligns to: a power of two, 4..32, at least the
 * flash's own program unit (8 covers most MCU flash; 16/32 for STM32H7-like). */
#ifndef WCAP_DEV_FLASH_ALIGN
#define WCAP_DEV_FLASH_ALIGN 8u
#endif

typedef struct {
    uint32_t page_size;  /* erase unit in bytes, a multiple of WCAP_DEV_FLASH_ALIGN */
    uint32_t page_count; /* pages in the region, even (two banks), at least 2 */
    int (*read)(void *ctx, uint32_t off, uint8_t *buf, uint32_t len);
    int (*program)(void *ctx, uint32_t off, const uint8_t *data, uint32_t len);
    int (*erase)(void *ctx, uint32_t page);
    void *ctx;
} wcap_dev_flash_t;

#endif /* WCAP_DEV_FLASH_H */
