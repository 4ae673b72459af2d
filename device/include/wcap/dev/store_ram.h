/*
 * A store (wcap/dev/store.h) in a caller-supplied RAM buffer, for boards
 * without flash support yet and for tests. Records are packed back to back;
 * erasing compacts, so no space is lost to fragmentation. An open write grows
 * at the end and becomes visible only at commit. Nothing survives a reset.
 * Portable C99, no allocation.
 */
#ifndef WCAP_DEV_STORE_RAM_H
#define WCAP_DEV_STORE_RAM_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/store.h"

#ifndef WCAP_DEV_RAM_RECORDS
#define WCAP_DEV_RAM_RECORDS 16u
#endif

typedef struct {
    char name[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint32_t off, len;
} wcap_dev_ram_record_t;

typedef struct {
    uint8_t *buf;
    size_t size;
    size_t used; /* bytes of committed records */
    wcap_dev_ram_record_t rec[WCAP_DEV_RAM_RECORDS];
    uint32_t n_rec;
    int writing; /* a write is open */
    char wname[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint32_t wlen; /* bytes written at buf + used */
} wcap_dev_store_ram_t;

/* Takes over buf[0..size) and fills `iface`. */
void wcap_dev_store_ram_init(wcap_dev_store_ram_t *s, uint8_t *buf, size_t size, wcap_dev_store_t *iface);

#endif /* WCAP_DEV_STORE_RAM_H */
