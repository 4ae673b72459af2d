/*
 * The board's flash for the capsule store (wcap/dev/flash.h; the store:
 * device/store_flash.c, docs/flash-store.md). A board with flash implements
 * wcap_board_flash() in the file its board.cmake names in WCAP_FW_BOARD_FLASH
 * (rv32imac: pflash.c); a board without one keeps the RAM store only.
 * Portable C99.
 */
#ifndef WCAP_BOARD_FLASH_H
#define WCAP_BOARD_FLASH_H

#include "wcap/dev/flash.h"

/* The flash driver, or NULL when the board has no flash for the store right
 * now (the store then lives in reset-surviving RAM, store_noinit.c). */
const wcap_dev_flash_t *wcap_board_flash(void);

#endif /* WCAP_BOARD_FLASH_H */
