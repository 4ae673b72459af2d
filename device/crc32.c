/* CRC-32 (IEEE), bitwise. See wcap/dev/crc32.h. */
#include "wcap/dev/crc32.h"

uint32_t wcap_crc32(uint32_t crc, const uint8_t *data, size_t len)
{
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}
