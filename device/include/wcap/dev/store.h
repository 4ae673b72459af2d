/*
 * The device's persistent store: a few named records (docs/device-protocol.md):
 *   "cap/<name>"  the installed blob of capsule <name>
 *   "ver/<name>"  its anti-rollback version floor, u32 little-endian
 * Implemented by wcapd as files in a directory (atomic temp + rename), on NOR
 * flash by store_flash.h (power-cut safe; docs/flash-store.md) and in RAM by
 * store_ram.h (the boards without a flash driver). Names are at most WCAP_DEV_RECORD_NAME_MAX chars of
 * [A-Za-z0-9_.-] plus one '/' after the prefix. Portable C99.
 *
 * Every function returns 0 on success and -1 on failure unless noted.
 */
#ifndef WCAP_DEV_STORE_H
#define WCAP_DEV_STORE_H

#include <stddef.h>
#include <stdint.h>

#define WCAP_DEV_RECORD_NAME_MAX 40u

typedef struct {
    /* Starts writing `name`. Nothing is visible under `name` (the old record
     * stays readable) until commit, which replaces it atomically. At most one
     * write is open at a time. */
    int (*write_open)(void *user, const char *name);
    int (*write)(void *user, const uint8_t *data, size_t len);
    int (*write_commit)(void *user);
    void (*write_abort)(void *user); /* drops the open write, if any */
    /* Reads up to `len` bytes of `name` at `offset`. Returns the count read
     * (0 at the end), or -1 (absent or I/O error). */
    int (*read)(void *user, const char *name, uint32_t offset, uint8_t *buf, size_t len);
    /* Removes `name`; removing an absent record succeeds. */
    int (*erase)(void *user, const char *name);
    /* Puts the name of the index-th record (any order, stable while nothing is
     * written) into `name` (capacity `cap`). Returns 1, 0 past the last, or -1. */
    int (*list)(void *user, uint32_t index, char *name, size_t cap);
    void *user;
} wcap_dev_store_t;

#endif /* WCAP_DEV_STORE_H */
