/*
 * A simulated NOR flash for the flash store's host tests (wcap/dev/flash.h):
 * erase sets a page to ones, program only clears bits (AND), every program and
 * erase is counted, and power can be cut at any one of them: that operation is
 * torn (half done) or not done at all, and every later one fails without
 * effect until the next "reboot" (sim_power_on). Pages can wear out (erase
 * fails). Programming an aligned unit twice between erases is counted as a
 * violation (ECC flash forbids it).
 */
#ifndef WCAP_TEST_FLASH_SIM_H
#define WCAP_TEST_FLASH_SIM_H

#include <stdint.h>

#include "wcap/dev/flash.h"

#define SIM_MAX_BYTES (64u * 1024u)

typedef struct {
    uint8_t mem[SIM_MAX_BYTES];
    uint8_t programmed[SIM_MAX_BYTES / WCAP_DEV_FLASH_ALIGN];
    uint32_t page_size, pages;
    long ops;        /* programs + erases since sim_init */
    long erases;     /* erases since sim_init */
    long cut_at;     /* the operation that loses power (-1: none) */
    int torn;        /* 1: the cut operation is half done; 0: not at all */
    int off;         /* power is off */
    long worn_page;  /* erase of this page fails (-1: none) */
    int worn_silent; /* 1: the worn erase reports success but leaves the page as it was */
    long violations; /* units programmed twice between erases */
    long bad_args;   /* misaligned or out-of-range calls */
    wcap_dev_flash_t drv;
} sim_flash_t;

void sim_init(sim_flash_t *f, uint32_t page_size, uint32_t pages); /* all ones, nothing worn */
void sim_power_on(sim_flash_t *f);                                 /* a reboot: no cut pending */

#endif
