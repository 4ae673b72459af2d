/* proto.cobs: COBS round trips (all lengths, zero patterns, 254-byte runs),
 * known encodings, and that garbage never decodes out of bounds. */
#include <string.h>

#include "check.h"
#include "wcap/dev/cobs.h"

static void roundtrip(const uint8_t *in, size_t n)
{
    uint8_t enc[700], dec[700];
    size_t e = wcap_cobs_encode(in, n, enc, sizeof enc);
    CHECK(e > 0 && e <= WCAP_COBS_MAX_ENCODED(n));
    CHECK(memchr(enc, 0, e) == NULL);
    int d = wcap_cobs_decode(enc, e, dec, sizeof dec);
    CHECK(d == (int)n);
    if (d == (int)n)
        CHECK(memcmp(dec, in, n) == 0);
    /* in place */
    d = wcap_cobs_decode(enc, e, enc, sizeof enc);
    CHECK(d == (int)n && memcmp(enc, in, n) == 0);
}

static void known(const uint8_t *in, size_t n, const uint8_t *want, size_t wn)
{
    uint8_t enc[600];
    size_t e = wcap_cobs_encode(in, n, enc, sizeof enc);
    CHECK(e == wn && memcmp(enc, want, wn) == 0);
}

int main(void)
{
    uint8_t buf[600];

    known((const uint8_t *)"", 0, (const uint8_t *)"\x01", 1);
    known((const uint8_t *)"\x00", 1, (const uint8_t *)"\x01\x01", 2);
    known((const uint8_t *)"\x00\x00", 2, (const uint8_t *)"\x01\x01\x01", 3);
    known((const uint8_t *)"\x11\x22\x00\x33", 4, (const uint8_t *)"\x03\x11\x22\x02\x33", 5);
    known((const uint8_t *)"\x11\x00\x00\x00", 4, (const uint8_t *)"\x02\x11\x01\x01\x01", 5);

    /* every length 0..600 with random bytes, with and without zeros */
    for (size_t n = 0; n <= 600; n++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)test_rand();
        roundtrip(buf, n);
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)(test_rand() % 3 ? 0 : test_rand());
        roundtrip(buf, n);
        memset(buf, 0x5A, n);
        roundtrip(buf, n);
    }
    /* exactly 254 non-zero bytes encode to 255 bytes */
    memset(buf, 1, 254);
    uint8_t enc[600];
    CHECK(wcap_cobs_encode(buf, 254, enc, sizeof enc) == 255);
    /* output too small is refused, not overrun */
    CHECK(wcap_cobs_encode(buf, 254, enc, 254) == 0);
    uint8_t small[4];
    CHECK(wcap_cobs_encode(buf, 10, small, sizeof small) == 0);

    /* malformed input */
    CHECK(wcap_cobs_decode((const uint8_t *)"\x05\x11", 2, buf, sizeof buf) == -1);     /* runs past end */
    CHECK(wcap_cobs_decode((const uint8_t *)"\x03\x00\x11", 3, buf, sizeof buf) == -1); /* embedded zero */
    CHECK(wcap_cobs_decode((const uint8_t *)"\x00", 1, buf, sizeof buf) == -1);
    CHECK(wcap_cobs_decode((const uint8_t *)"\x03\x11\x22\x02\x33", 5, buf, 3) == -1); /* output cap */

    /* garbage: never more output than cap, never a crash (ASan watches) */
    for (int round = 0; round < 20000; round++) {
        uint8_t g[64], out[64];
        size_t n = test_rand() % sizeof g;
        for (size_t i = 0; i < n; i++)
            g[i] = (uint8_t)test_rand();
        size_t cap = test_rand() % (sizeof out + 1);
        int d = wcap_cobs_decode(g, n, out, cap);
        CHECK(d >= -1 && d <= (int)cap);
    }
    CHECK_DONE();
}
