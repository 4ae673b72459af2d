/*
 * The device's log ring: the most recent lines its capsules logged outside
 * any request (their tick, their init at boot), each with the capsule's name
 * and a sequence number, for `GET /log?since=N` (docs/coap.md) and
 * `wcap monitor --coap`. Portable C99, no malloc: the caller owns the
 * context and the byte buffer (about 512 bytes on the boards). When a new
 * line does not fit, the oldest lines are overwritten; a reader learns how
 * many it missed from the sequence numbers.
 *
 * A record is 2 bytes (name length, text length), the name and the text; its
 * sequence number is implicit (the oldest record's plus its place). Pieces of
 * one capsule's line (a line longer than an event, WASI writes without a
 * newline) are joined into one record until the line ends; the newest record
 * is not served while it is open. Names are cut at WCAP_LOG_NAME_MAX bytes,
 * texts at WCAP_LOG_TEXT_MAX; control characters become '?', a '\n' ends the
 * line and '\r' is dropped. Sequence numbers start at 1 and are not expected
 * to wrap (2^32 lines).
 */
#ifndef WCAP_DEV_LOG_RING_H
#define WCAP_DEV_LOG_RING_H

#include <stddef.h>
#include <stdint.h>

#define WCAP_LOG_NAME_MAX 31u  /* a capsule name (WCAP_NAME_MAX) */
#define WCAP_LOG_TEXT_MAX 120u /* a longer line is cut */
#define WCAP_LOG_RECORD_MAX (2u + WCAP_LOG_NAME_MAX + WCAP_LOG_TEXT_MAX)

typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t head;        /* offset of the oldest record */
    size_t used;        /* bytes held by records */
    size_t open_off;    /* offset of the newest record while `open` */
    uint8_t open;       /* the newest record's line has not ended yet */
    uint32_t first_seq; /* the oldest record's sequence number (next_seq when empty) */
    uint32_t next_seq;  /* the number the next record gets */
    uint32_t boot;      /* differs from one boot to the next: a reader tells a restarted log by it */
} wcap_log_ring_t;

/* One line as read back. */
typedef struct {
    uint32_t seq;
    char name[WCAP_LOG_NAME_MAX + 1];
    char text[WCAP_LOG_TEXT_MAX + 1];
} wcap_log_line_t;

/* Uses buf[0..cap) for the records; `boot` should differ from the last
 * boot's (a random number). WCAP_OK, or WCAP_E_DEV_LOG_SIZE when cap cannot
 * hold one record of the largest size (the ring is then unusable). */
int wcap_log_init(wcap_log_ring_t *r, uint8_t *buf, size_t cap, uint32_t boot);

/* Adds len bytes of capsule `name`'s output; eol ends the line. Output of
 * another capsule ends the open line first. */
void wcap_log_write(wcap_log_ring_t *r, const char *name, const uint8_t *data, size_t len, int eol);

/* Ends the open line, if any (a tick is over: what it wrote is a line). */
void wcap_log_end_line(wcap_log_ring_t *r);

/* The first ended line with a sequence number above `since`: 1 with *out
 * set, 0 when there is none. */
int wcap_log_read(const wcap_log_ring_t *r, uint32_t since, wcap_log_line_t *out);

/* The newest ended line's sequence number (0: none yet). */
uint32_t wcap_log_last(const wcap_log_ring_t *r);

/* How many lines above `since` were overwritten before a reader asked. */
uint32_t wcap_log_lost(const wcap_log_ring_t *r, uint32_t since);

#endif /* WCAP_DEV_LOG_RING_H */
