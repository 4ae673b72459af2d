/*
 * Consistent Overhead Byte Stuffing: removes every 0x00 from a block so 0x00
 * can delimit frames. Encoding n bytes takes at most n + n/254 + 1 bytes.
 * Portable C99, no allocation.
 */
#ifndef WCAP_DEV_COBS_H
#define WCAP_DEV_COBS_H

#include <stddef.h>
#include <stdint.h>

#define WCAP_COBS_MAX_ENCODED(n) ((n) + (n) / 254u + 1u)

/* Encodes `len` bytes of `in` into `out` (capacity `cap`, must not overlap `in`).
 * Returns the encoded length (never containing 0x00, no delimiter added), or 0
 * when `out` is too small. */
size_t wcap_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/* Decodes `len` bytes (without the delimiter) into `out`, which may be `in`
 * itself (in-place decoding works because output never outruns input).
 * Returns the decoded length, or -1 when the input is not valid COBS (a zero
 * byte, or a code that runs past the end). */
int wcap_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

#endif /* WCAP_DEV_COBS_H */
