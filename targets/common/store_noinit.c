/* The boards' store in reset-surviving RAM. See store_noinit.h. */
#include <stddef.h>
#include <string.h>

#include "store_noinit.h"
#include "wcap/dev/crc32.h"
#include "wcap/dev/store_ram.h"

#define STORE_MAGIC 0x53504357u /* "WCPS" */
/* Changes when the record table or the region size changes. */
#define STORE_LAYOUT ((uint32_t)sizeof(wcap_dev_store_ram_t) ^ (WCAP_FW_STORE_SIZE << 8) ^ WCAP_DEV_RAM_RECORDS)

typedef struct {
    uint32_t magic;
    uint32_t layout;
    uint32_t crc; /* CRC-32 of n_rec, used, rec[] and buf[0..used) */
    wcap_dev_store_ram_t ram;
    uint8_t buf[WCAP_FW_STORE_SIZE];
} fw_store_region_t;

/* The noinit area of sections.ld: no section of ours, so QEMU's reset never
 * zeroes it. */
extern uint8_t __noinit_start[], __noinit_end[];
#define region (*(fw_store_region_t *)(void *)__noinit_start)

static wcap_dev_store_t inner; /* store_ram.c's functions on region.ram */

static uint32_t region_crc(void)
{
    const wcap_dev_store_ram_t *r = &region.ram;
    uint32_t head[2] = {r->n_rec, (uint32_t)r->used};
    uint32_t c = wcap_crc32(0, (const uint8_t *)head, sizeof head);
    c = wcap_crc32(c, (const uint8_t *)r->rec, r->n_rec * sizeof r->rec[0]);
    return wcap_crc32(c, region.buf, r->used);
}

static void seal(void)
{
    region.crc = region_crc();
}

/* Bounds first (so the CRC never reads outside the region), then the CRC. */
static int region_valid(void)
{
    const wcap_dev_store_ram_t *r = &region.ram;

    if (region.magic != STORE_MAGIC || region.layout != STORE_LAYOUT)
        return 0;
    if (r->buf != region.buf || r->size != sizeof region.buf || r->used > sizeof region.buf ||
        r->n_rec > WCAP_DEV_RAM_RECORDS)
        return 0;
    for (uint32_t i = 0; i < r->n_rec; i++) {
        const wcap_dev_ram_record_t *e = &r->rec[i];
        if (memchr(e->name, '\0', sizeof e->name) == NULL || e->off > r->used || e->len > r->used - e->off)
            return 0;
    }
    return region_crc() == region.crc;
}

static int s_write_open(void *user, const char *name)
{
    return inner.write_open(user, name);
}

static int s_write(void *user, const uint8_t *data, size_t len)
{
    return inner.write(user, data, len);
}

static void s_write_abort(void *user)
{
    inner.write_abort(user);
}

static int s_write_commit(void *user)
{
    int rc = inner.write_commit(user);
    seal();
    return rc;
}

static int s_read(void *user, const char *name, uint32_t offset, uint8_t *buf, size_t len)
{
    return inner.read(user, name, offset, buf, len);
}

static int s_erase(void *user, const char *name)
{
    int rc = inner.erase(user, name);
    seal();
    return rc;
}

static int s_list(void *user, uint32_t index, char *name, size_t cap)
{
    return inner.list(user, index, name, cap);
}

int wcap_fw_store_open(wcap_dev_store_t *iface)
{
    int kept;
    wcap_dev_store_ram_t saved;

    if ((size_t)(__noinit_end - __noinit_start) < sizeof(fw_store_region_t))
        return WCAP_FW_STORE_NONE;
    kept = region_valid();
    if (kept)
        saved = region.ram;
    wcap_dev_store_ram_init(&region.ram, region.buf, sizeof region.buf, &inner);
    if (kept) {
        region.ram = saved;
        region.ram.writing = 0; /* a write open at the reset never happened */
        region.ram.wlen = 0;
    }
    region.magic = STORE_MAGIC;
    region.layout = STORE_LAYOUT;
    seal();
    iface->write_open = s_write_open;
    iface->write = s_write;
    iface->write_commit = s_write_commit;
    iface->write_abort = s_write_abort;
    iface->read = s_read;
    iface->erase = s_erase;
    iface->list = s_list;
    iface->user = inner.user;
    return kept ? WCAP_FW_STORE_KEPT : WCAP_FW_STORE_EMPTY;
}

uint32_t wcap_fw_store_records(void)
{
    return region.ram.n_rec;
}
