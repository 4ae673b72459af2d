/*
 * board.store_noinit: the boards' reset-surviving store (targets/common/
 * store_noinit.c) on the host, with the noinit area as a plain array. A
 * "reset" is another wcap_fw_store_open on the same bytes. Checks: a cold
 * boot (zeros, random bytes) starts empty; committed records survive; a write
 * open at the reset is dropped; a flipped byte anywhere in the committed data
 * or the table, or an out-of-range table, starts empty; nothing crashes.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_noinit.h"

/* The noinit area of sections.ld; __noinit_end comes from the link
 * (--defsym, tests/boards/CMakeLists.txt). */
#define AREA (52u * 1024u)
_Alignas(8) uint8_t __noinit_start[AREA];
#define area __noinit_start

static int failures;
#define CHECK(c)                                                         \
    do {                                                                 \
        if (!(c)) {                                                      \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                  \
        }                                                                \
    } while (0)

static int put(wcap_dev_store_t *s, const char *name, const char *data)
{
    if (s->write_open(s->user, name) != 0)
        return -1;
    if (s->write(s->user, (const uint8_t *)data, strlen(data)) != 0) {
        s->write_abort(s->user);
        return -1;
    }
    return s->write_commit(s->user);
}

static int has(wcap_dev_store_t *s, const char *name, const char *data)
{
    uint8_t buf[64];
    int n = s->read(s->user, name, 0, buf, sizeof buf);
    return n == (int)strlen(data) && memcmp(buf, data, (size_t)n) == 0;
}

int main(void)
{
    wcap_dev_store_t s;
    srand(7);

    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_EMPTY); /* zeros: cold boot */
    for (size_t i = 0; i < AREA; i++)
        area[i] = (uint8_t)rand();
    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_EMPTY); /* random RAM: cold boot */
    CHECK(s.list(s.user, 0, (char[48]){0}, 48) == 0);

    CHECK(put(&s, "cap/hello", "blob-v2") == 0);
    CHECK(put(&s, "ver/hello", "\x02\0\0\0") == 0);
    CHECK(put(&s, "cap/other", "other") == 0);
    CHECK(s.erase(s.user, "cap/other") == 0);
    CHECK(s.write_open(s.user, "cap/late") == 0); /* open at the reset */
    CHECK(s.write(s.user, (const uint8_t *)"partial", 7) == 0);

    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_KEPT);
    CHECK(has(&s, "cap/hello", "blob-v2"));
    CHECK(has(&s, "ver/hello", "\x02\0\0\0"));
    CHECK(s.read(s.user, "cap/other", 0, (uint8_t[8]){0}, 8) < 0);
    CHECK(s.read(s.user, "cap/late", 0, (uint8_t[8]){0}, 8) < 0);
    CHECK(put(&s, "cap/late", "whole") == 0); /* the dropped write left no open write */
    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_KEPT);
    CHECK(has(&s, "cap/late", "whole"));

    static uint8_t saved[AREA];
    memcpy(saved, area, AREA);
    /* The header and the committed bytes are covered. */
    memcpy(area, saved, AREA);
    area[0] ^= 1u;
    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_EMPTY);
    memcpy(area, saved, AREA);
    {
        uint8_t *p = memmem(area, AREA, "blob-v2", 7);
        CHECK(p != NULL);
        if (p != NULL)
            p[3] ^= 1u;
    }
    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_EMPTY);
    memcpy(area, saved, AREA); /* a record name in the table */
    {
        uint8_t *p = memmem(area, AREA, "cap/late", 8);
        CHECK(p != NULL);
        if (p != NULL)
            p[4] = 'L';
    }
    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_EMPTY);
    memcpy(area, saved, AREA); /* intact again: kept */
    CHECK(wcap_fw_store_open(&s) == WCAP_FW_STORE_KEPT);
    CHECK(has(&s, "cap/hello", "blob-v2"));

    if (failures == 0)
        printf("PASS store_noinit\n");
    return failures != 0;
}
