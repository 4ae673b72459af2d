/*
 * A store (wcap/dev/store.h) on NOR flash that survives power loss at any
 * program or erase (docs/flash-store.md has the on-flash format):
 *
 *   - the region is two banks of page_count/2 pages; one is active (bank
 *     header with a sequence number, written last), the other is erased and
 *     filled only when the active one is compacted;
 *   - records are appended to the active bank: head (name), then the data,
 *     then a tail (length, data CRC, CRC over both) programmed last: the tail
 *     is the commit, so a record is either complete or ignored after a reset,
 *     and a replaced record stays valid until its successor's tail is written;
 *   - erasing a record appends a tombstone; compaction copies the live records
 *     to the other bank, writes its header (sequence + 1), then marks the old
 *     bank's header superseded;
 *   - floor records ("ver/<name>", and the nonce epoch "aut/epoch") are
 *     monotonic: a commit of a lower value is refused
 *     (WCAP_E_STORE_FLOOR), they cannot be erased, and on mount the largest
 *     valid copy wins, so no power cut or failed write can lower them;
 *   - a committed record whose data CRC is wrong, or a valid record after a
 *     damaged one, is corruption, not a power cut: the store then locks
 *     (every call fails, WCAP_E_STORE_CORRUPT) rather than risk serving an
 *     older floor; wcap_dev_store_flash_format is the deliberate way out.
 *
 * The caller owns all memory (this struct); nothing is allocated. RAM:
 * sizeof(wcap_dev_store_flash_t). Portable C99.
 */
#ifndef WCAP_DEV_STORE_FLASH_H
#define WCAP_DEV_STORE_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/flash.h"
#include "wcap/dev/store.h"

/* Records the index holds: 3 per installed capsule (cap/, ver/, sta/), the
 * floors of removed capsules and the nonce epoch. */
#ifndef WCAP_DEV_FLASH_RECORDS
#define WCAP_DEV_FLASH_RECORDS 32u
#endif
/* Copy and read-back buffer (bytes, a multiple of WCAP_DEV_FLASH_ALIGN). */
#ifndef WCAP_DEV_FLASH_IO
#define WCAP_DEV_FLASH_IO 64u
#endif

typedef struct {
    char name[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t mono;      /* a monotonic (floor) record */
    uint32_t off, len; /* record offset in the active bank, data length */
    uint32_t noff;     /* its offset in the bank being compacted into */
    uint32_t value;    /* monotonic records: the value */
} wcap_dev_flash_entry_t;

typedef struct {
    const wcap_dev_flash_t *fl;
    uint32_t bank_size;   /* bytes per bank */
    uint32_t active;      /* 0 or 1 */
    uint32_t seq;         /* the active bank's sequence number */
    uint32_t end;         /* append offset in the active bank */
    int dirty;            /* unknown bytes at the end: compact before appending */
    int locked;           /* corruption or bad geometry: every call fails */
    int error;            /* the last WCAP_E_STORE_* (or 0) */
    uint32_t compactions; /* since open */
    wcap_dev_flash_entry_t e[WCAP_DEV_FLASH_RECORDS];
    uint32_t n;
    /* the open write */
    int writing;
    char wname[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint32_t wrec;  /* its record offset in the active bank */
    uint32_t wlen;  /* data bytes accepted */
    uint32_t wcrc;  /* CRC-32 of them */
    uint32_t npend; /* bytes in pend, not yet programmed */
    uint8_t pend[WCAP_DEV_FLASH_ALIGN];
    uint8_t io[WCAP_DEV_FLASH_IO], chk[WCAP_DEV_FLASH_IO];
} wcap_dev_store_flash_t;

/* Mounts the store on `fl` and fills `iface` (always, so that a locked store
 * fails every call cleanly). Returns 0 (existing store mounted), 1 (the flash
 * held no store: formatted, empty), or a negative WCAP_E_STORE_* code (the
 * store is locked). A write cut by a reset is dropped here; a bank left
 * half-compacted is redone at the next write. */
int wcap_dev_store_flash_open(wcap_dev_store_flash_t *s, const wcap_dev_flash_t *fl, wcap_dev_store_t *iface);

/* Erases both banks and starts an empty store: every record, floors included,
 * is gone. Only for a deliberate factory reset. Returns 0 or a WCAP_E_STORE_*. */
int wcap_dev_store_flash_format(wcap_dev_store_flash_t *s);

/* Bytes used by live records in the active bank (headers included), and the
 * bank's capacity for records. */
uint32_t wcap_dev_store_flash_used(const wcap_dev_store_flash_t *s);
uint32_t wcap_dev_store_flash_capacity(const wcap_dev_store_flash_t *s);

/* 1 if `name` is a monotonic (floor) record. */
int wcap_dev_store_flash_is_floor(const char *name);

#endif /* WCAP_DEV_STORE_FLASH_H */
