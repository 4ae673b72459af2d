/*
 * The device's log ring (wcap/dev/log_ring.h): variable-length records in a
 * caller-owned byte buffer used as a circle, the oldest overwritten first.
 * Every offset is reduced modulo the capacity before use; nothing is
 * allocated.
 */
#include <string.h>

#include "wcap/dev/log_ring.h"
#include "wcap/errors.h"

static uint8_t at(const wcap_log_ring_t *r, size_t off)
{
    return r->buf[off % r->cap];
}

static void put(wcap_log_ring_t *r, size_t off, uint8_t b)
{
    r->buf[off % r->cap] = b;
}

static size_t tail(const wcap_log_ring_t *r)
{
    return (r->head + r->used) % r->cap;
}

static size_t record_size(const wcap_log_ring_t *r, size_t off)
{
    return 2u + at(r, off) + at(r, off + 1u);
}

int wcap_log_init(wcap_log_ring_t *r, uint8_t *buf, size_t cap, uint32_t boot)
{
    memset(r, 0, sizeof *r);
    r->first_seq = r->next_seq = 1;
    r->boot = boot;
    if (buf == NULL || cap < WCAP_LOG_RECORD_MAX)
        return WCAP_E_DEV_LOG_SIZE;
    r->buf = buf;
    r->cap = cap;
    return WCAP_OK;
}

/* Drops the oldest record unless it is the open one; 0 when nothing could go. */
static int drop_oldest(wcap_log_ring_t *r)
{
    if (r->used == 0 || (r->open && r->head == r->open_off))
        return 0;
    size_t n = record_size(r, r->head);
    r->head = (r->head + n) % r->cap;
    r->used -= n;
    r->first_seq++;
    return 1;
}

/* Room for n more bytes; 0 when there is none even after dropping old records. */
static int make_room(wcap_log_ring_t *r, size_t n)
{
    while (r->cap - r->used < n)
        if (!drop_oldest(r))
            return 0;
    return 1;
}

static size_t name_len(const char *name)
{
    size_t n = 0;
    while (n < WCAP_LOG_NAME_MAX && name[n] != '\0')
        n++;
    return n;
}

static int open_is(const wcap_log_ring_t *r, const char *name)
{
    size_t n = name_len(name);
    if (at(r, r->open_off) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (at(r, r->open_off + 2u + i) != (uint8_t)name[i])
            return 0;
    return 1;
}

/* A new open record of `name` with no text yet. */
static int start_record(wcap_log_ring_t *r, const char *name)
{
    size_t n = name_len(name);
    if (!make_room(r, 2u + n))
        return 0;
    size_t off = tail(r);
    put(r, off, (uint8_t)n);
    put(r, off + 1u, 0);
    for (size_t i = 0; i < n; i++)
        put(r, off + 2u + i, (uint8_t)name[i]);
    r->used += 2u + n;
    r->open_off = off;
    r->open = 1;
    r->next_seq++;
    return 1;
}

/* One byte more of the open record's text (dropped beyond WCAP_LOG_TEXT_MAX). */
static void add_byte(wcap_log_ring_t *r, uint8_t c)
{
    uint8_t tl = at(r, r->open_off + 1u);
    if (tl >= WCAP_LOG_TEXT_MAX || !make_room(r, 1))
        return;
    put(r, tail(r), c < 0x20u || c == 0x7Fu ? (uint8_t)'?' : c);
    r->used++;
    put(r, r->open_off + 1u, (uint8_t)(tl + 1u));
}

void wcap_log_write(wcap_log_ring_t *r, const char *name, const uint8_t *data, size_t len, int eol)
{
    if (r->buf == NULL)
        return;
    if (name == NULL)
        name = "";
    if (r->open && !open_is(r, name))
        r->open = 0; /* another capsule: the open line ends */
    for (size_t i = 0; i < len; i++) {
        if (!r->open && !start_record(r, name))
            return;
        if (data[i] == '\n')
            r->open = 0;
        else if (data[i] != '\r')
            add_byte(r, data[i]);
    }
    if (eol && !r->open && len == 0)
        (void)start_record(r, name); /* an empty line */
    if (eol)
        r->open = 0;
}

void wcap_log_end_line(wcap_log_ring_t *r)
{
    r->open = 0;
}

int wcap_log_read(const wcap_log_ring_t *r, uint32_t since, wcap_log_line_t *out)
{
    uint32_t n = r->next_seq - r->first_seq - (r->open ? 1u : 0u);
    size_t off = r->head;

    if (r->buf == NULL)
        return 0;
    for (uint32_t k = 0; k < n; k++, off += record_size(r, off)) {
        if (r->first_seq + k <= since)
            continue;
        size_t nl = at(r, off), tl = at(r, off + 1u);
        out->seq = r->first_seq + k;
        for (size_t i = 0; i < nl && i < WCAP_LOG_NAME_MAX; i++)
            out->name[i] = (char)at(r, off + 2u + i);
        out->name[nl < WCAP_LOG_NAME_MAX ? nl : WCAP_LOG_NAME_MAX] = '\0';
        for (size_t i = 0; i < tl && i < WCAP_LOG_TEXT_MAX; i++)
            out->text[i] = (char)at(r, off + 2u + nl + i);
        out->text[tl < WCAP_LOG_TEXT_MAX ? tl : WCAP_LOG_TEXT_MAX] = '\0';
        return 1;
    }
    return 0;
}

uint32_t wcap_log_last(const wcap_log_ring_t *r)
{
    return r->next_seq - 1u - (r->open ? 1u : 0u);
}

uint32_t wcap_log_lost(const wcap_log_ring_t *r, uint32_t since)
{
    return since < r->first_seq - 1u ? r->first_seq - 1u - since : 0u;
}
