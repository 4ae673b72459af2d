/*
 * CRC-32 (IEEE 802.3: reflected, polynomial 0xEDB88320, init and final xor
 * 0xFFFFFFFF) used by the frame layer. Table-less: 0 bytes of RAM, ~8 cycles
 * per bit. Portable C99.
 */
#ifndef WCAP_DEV_CRC32_H
#define WCAP_DEV_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* CRC of `len` bytes; for incremental use pass the previous result as `crc`
 * (start with 0): wcap_crc32(wcap_crc32(0, a, n), b, m) == CRC of a||b. */
uint32_t wcap_crc32(uint32_t crc, const uint8_t *data, size_t len);

#endif /* WCAP_DEV_CRC32_H */
