/*
 * The boards' capsule store (wcap/dev/store.h): the RAM store of device/
 * (store_ram.c) kept in the noinit area above the stack (sections.ld), which
 * neither the reset code nor QEMU's reset clears, so installed capsules and their
 * anti-rollback floors survive a software reset (`wcap reboot`, a fault reset).
 *
 * A header (magic, layout, CRC-32 of the committed records) is checked at
 * boot: a cold boot (random or zeroed RAM), a different firmware layout or a
 * corrupted region start with an empty store, never with garbage. The header
 * is resealed after every change; a write left open by a reset is dropped.
 * Portable C99, no allocation. Size: WCAP_FW_STORE_SIZE bytes of records.
 */
#ifndef WCAP_FW_STORE_NOINIT_H
#define WCAP_FW_STORE_NOINIT_H

#include <stdint.h>

#include "wcap/dev/store.h"

#ifndef WCAP_FW_STORE_SIZE
#define WCAP_FW_STORE_SIZE (48u * 1024u)
#endif

/* How wcap_fw_store_open found the region. */
enum { WCAP_FW_STORE_KEPT = 0, WCAP_FW_STORE_EMPTY = 1, WCAP_FW_STORE_NONE = -1 };

/* Validates the region and fills `iface`; returns WCAP_FW_STORE_KEPT when
 * the previous contents were valid and kept, WCAP_FW_STORE_EMPTY when it
 * started empty (cold boot, other layout, bad CRC), WCAP_FW_STORE_NONE (iface
 * untouched: run without a store) when the linker's noinit area is smaller
 * than the region. */
int wcap_fw_store_open(wcap_dev_store_t *iface);

/* Records kept (after open). */
uint32_t wcap_fw_store_records(void);

#endif /* WCAP_FW_STORE_NOINIT_H */
