/* The RAM store. See wcap/dev/store_ram.h. */
#include <string.h>

#include "wcap/dev/store_ram.h"

static int find(const wcap_dev_store_ram_t *s, const char *name)
{
    for (uint32_t i = 0; i < s->n_rec; i++)
        if (strcmp(s->rec[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Removes record i and closes the gap (also moves an open write's bytes). */
static void drop(wcap_dev_store_ram_t *s, int i)
{
    wcap_dev_ram_record_t r = s->rec[i];
    size_t tail = s->used + (s->writing ? s->wlen : 0) - (r.off + r.len);

    memmove(s->buf + r.off, s->buf + r.off + r.len, tail);
    s->used -= r.len;
    memmove(&s->rec[i], &s->rec[i + 1], (s->n_rec - (uint32_t)i - 1) * sizeof s->rec[0]);
    s->n_rec--;
    for (uint32_t k = 0; k < s->n_rec; k++)
        if (s->rec[k].off > r.off)
            s->rec[k].off -= r.len;
}

static int r_write_open(void *user, const char *name)
{
    wcap_dev_store_ram_t *s = user;
    if (s->writing || strlen(name) > WCAP_DEV_RECORD_NAME_MAX)
        return -1;
    strcpy(s->wname, name);
    s->wlen = 0;
    s->writing = 1;
    return 0;
}

static int r_write(void *user, const uint8_t *data, size_t len)
{
    wcap_dev_store_ram_t *s = user;
    if (!s->writing || len > s->size - s->used - s->wlen)
        return -1;
    memcpy(s->buf + s->used + s->wlen, data, len);
    s->wlen += (uint32_t)len;
    return 0;
}

static void r_write_abort(void *user)
{
    wcap_dev_store_ram_t *s = user;
    s->writing = 0;
    s->wlen = 0;
}

static int r_write_commit(void *user)
{
    wcap_dev_store_ram_t *s = user;
    int old;

    if (!s->writing)
        return -1;
    old = find(s, s->wname);
    if (old < 0 && s->n_rec == WCAP_DEV_RAM_RECORDS) {
        r_write_abort(s);
        return -1;
    }
    if (old >= 0)
        drop(s, old); /* the new bytes move down with the compaction */
    wcap_dev_ram_record_t *r = &s->rec[s->n_rec++];
    strcpy(r->name, s->wname);
    r->off = (uint32_t)s->used;
    r->len = s->wlen;
    s->used += s->wlen;
    s->writing = 0;
    s->wlen = 0;
    return 0;
}

static int r_read(void *user, const char *name, uint32_t offset, uint8_t *buf, size_t len)
{
    wcap_dev_store_ram_t *s = user;
    int i = find(s, name);
    if (i < 0 || offset > s->rec[i].len)
        return -1;
    if (len > s->rec[i].len - offset)
        len = s->rec[i].len - offset;
    memcpy(buf, s->buf + s->rec[i].off + offset, len);
    return (int)len;
}

static int r_erase(void *user, const char *name)
{
    wcap_dev_store_ram_t *s = user;
    int i = find(s, name);
    if (i >= 0)
        drop(s, i);
    return 0;
}

static int r_list(void *user, uint32_t index, char *name, size_t cap)
{
    wcap_dev_store_ram_t *s = user;
    if (index >= s->n_rec)
        return 0;
    if (strlen(s->rec[index].name) + 1 > cap)
        return -1;
    strcpy(name, s->rec[index].name);
    return 1;
}

void wcap_dev_store_ram_init(wcap_dev_store_ram_t *s, uint8_t *buf, size_t size, wcap_dev_store_t *iface)
{
    memset(s, 0, sizeof *s);
    s->buf = buf;
    s->size = size;
    iface->write_open = r_write_open;
    iface->write = r_write;
    iface->write_commit = r_write_commit;
    iface->write_abort = r_write_abort;
    iface->read = r_read;
    iface->erase = r_erase;
    iface->list = r_list;
    iface->user = s;
}
