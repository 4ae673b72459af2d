/* proto.crc32: CRC-32 check values and incremental use. */
#include <string.h>

#include "check.h"
#include "wcap/dev/crc32.h"

int main(void)
{
    const uint8_t *s = (const uint8_t *)"123456789";
    CHECK(wcap_crc32(0, s, 9) == 0xCBF43926u); /* the standard check value */
    CHECK(wcap_crc32(0, s, 0) == 0);
    CHECK(wcap_crc32(0, (const uint8_t *)"a", 1) == 0xE8B7BE43u);
    const uint8_t *fox = (const uint8_t *)"The quick brown fox jumps over the lazy dog";
    CHECK(wcap_crc32(0, fox, strlen((const char *)fox)) == 0x414FA339u);
    /* incremental == one shot */
    CHECK(wcap_crc32(wcap_crc32(0, s, 4), s + 4, 5) == 0xCBF43926u);
    uint8_t zeros[32] = {0};
    CHECK(wcap_crc32(0, zeros, 32) == 0x190A55ADu);
    CHECK_DONE();
}
