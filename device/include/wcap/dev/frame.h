/*
 * Frames on a byte stream (docs/device-protocol.md):
 *   wire = COBS(payload || CRC-32(payload) LE) || 0x00,  at most 256 bytes.
 * The receiver is a byte-at-a-time state machine over one 256-byte buffer, so
 * reads may split or merge frames arbitrarily. Portable C99, no allocation.
 */
#ifndef WCAP_DEV_FRAME_H
#define WCAP_DEV_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define WCAP_FRAME_WIRE_MAX 256u    /* including the 0x00 delimiter */
#define WCAP_FRAME_ENCODED_MAX 255u /* COBS bytes before the delimiter */
#define WCAP_FRAME_RAW_MAX 254u     /* payload + CRC */
#define WCAP_FRAME_CRC_SIZE 4u
#define WCAP_FRAME_PAYLOAD_MAX (WCAP_FRAME_RAW_MAX - WCAP_FRAME_CRC_SIZE) /* 250 */

/* Receiver state, caller-owned (~270 bytes). Zero it or call wcap_frame_rx_init. */
typedef struct {
    uint8_t buf[WCAP_FRAME_WIRE_MAX];
    uint16_t len;        /* encoded bytes collected for the current frame */
    uint8_t overlong;    /* current frame exceeded the limit: skip to the delimiter */
    uint32_t n_ok;       /* frames delivered */
    uint32_t n_bad_cobs; /* dropped: not valid COBS or shorter than the CRC */
    uint32_t n_bad_crc;  /* dropped: CRC mismatch */
    uint32_t n_too_long; /* dropped: longer than WCAP_FRAME_ENCODED_MAX */
} wcap_frame_rx_t;

enum {
    WCAP_FRAME_MORE = 0, /* byte taken, no complete frame yet */
    WCAP_FRAME_READY = 1 /* a frame is complete: *payload, *len are set */
};

void wcap_frame_rx_init(wcap_frame_rx_t *rx);

/* Takes one received byte. Returns WCAP_FRAME_MORE, WCAP_FRAME_READY (the
 * payload stays valid until the next call), or, when a frame was dropped,
 * WCAP_E_DEV_FRAME (too long / bad COBS) or WCAP_E_DEV_CRC. */
int wcap_frame_rx_byte(wcap_frame_rx_t *rx, uint8_t byte, const uint8_t **payload, size_t *len);

/* Total frames dropped so far. */
uint32_t wcap_frame_rx_dropped(const wcap_frame_rx_t *rx);

/*
 * Builds a wire frame. `raw` (capacity >= len + 4) holds the payload and is
 * used as scratch for the CRC; the frame goes to `wire` (capacity `cap`).
 * Returns the wire length (delimiter included), or 0 when `len` exceeds
 * WCAP_FRAME_PAYLOAD_MAX or `wire` is too small.
 */
size_t wcap_frame_encode(uint8_t *raw, size_t len, uint8_t *wire, size_t cap);

/*
 * Sends one frame without a wire buffer: COBS is produced block by block
 * straight from `raw` (capacity >= len + 4; the CRC is appended there) into
 * `write`. Returns 0, or the first non-zero result of `write`, or -1 when
 * `len` exceeds WCAP_FRAME_PAYLOAD_MAX. The bytes are those wcap_frame_encode
 * would produce.
 */
typedef int (*wcap_frame_write_fn)(void *user, const uint8_t *data, size_t len);
int wcap_frame_send(uint8_t *raw, size_t len, wcap_frame_write_fn write, void *user);

#endif /* WCAP_DEV_FRAME_H */
