/* Frame receiver and encoder. See wcap/dev/frame.h. */
#include <string.h>

#include "wcap/dev/cobs.h"
#include "wcap/dev/crc32.h"
#include "wcap/dev/frame.h"
#include "wcap/errors.h"

void wcap_frame_rx_init(wcap_frame_rx_t *rx)
{
    memset(rx, 0, sizeof *rx);
}

uint32_t wcap_frame_rx_dropped(const wcap_frame_rx_t *rx)
{
    return rx->n_bad_cobs + rx->n_bad_crc + rx->n_too_long;
}

/* Decodes the collected bytes in place and checks the CRC. */
static int finish_frame(wcap_frame_rx_t *rx, const uint8_t **payload, size_t *len)
{
    int n = wcap_cobs_decode(rx->buf, rx->len, rx->buf, sizeof rx->buf);
    rx->len = 0;
    if (n < (int)WCAP_FRAME_CRC_SIZE + 1) {
        rx->n_bad_cobs++;
        return WCAP_E_DEV_FRAME;
    }
    size_t plen = (size_t)n - WCAP_FRAME_CRC_SIZE;
    uint32_t want = (uint32_t)rx->buf[plen] | ((uint32_t)rx->buf[plen + 1] << 8) | ((uint32_t)rx->buf[plen + 2] << 16) |
                    ((uint32_t)rx->buf[plen + 3] << 24);
    if (wcap_crc32(0, rx->buf, plen) != want) {
        rx->n_bad_crc++;
        return WCAP_E_DEV_CRC;
    }
    rx->n_ok++;
    *payload = rx->buf;
    *len = plen;
    return WCAP_FRAME_READY;
}

int wcap_frame_rx_byte(wcap_frame_rx_t *rx, uint8_t byte, const uint8_t **payload, size_t *len)
{
    if (byte != 0) {
        if (rx->overlong)
            return WCAP_FRAME_MORE;
        if (rx->len >= WCAP_FRAME_ENCODED_MAX) {
            rx->overlong = 1;
            rx->len = 0;
            return WCAP_FRAME_MORE;
        }
        rx->buf[rx->len++] = byte;
        return WCAP_FRAME_MORE;
    }
    if (rx->overlong) {
        rx->overlong = 0;
        rx->n_too_long++;
        return WCAP_E_DEV_FRAME;
    }
    if (rx->len == 0)
        return WCAP_FRAME_MORE; /* empty frame: a flush, ignored */
    return finish_frame(rx, payload, len);
}

size_t wcap_frame_encode(uint8_t *raw, size_t len, uint8_t *wire, size_t cap)
{
    if (len > WCAP_FRAME_PAYLOAD_MAX)
        return 0;
    uint32_t crc = wcap_crc32(0, raw, len);
    raw[len + 0] = (uint8_t)crc;
    raw[len + 1] = (uint8_t)(crc >> 8);
    raw[len + 2] = (uint8_t)(crc >> 16);
    raw[len + 3] = (uint8_t)(crc >> 24);
    size_t n = wcap_cobs_encode(raw, len + WCAP_FRAME_CRC_SIZE, wire, cap);
    if (n == 0 || n >= cap)
        return 0;
    wire[n] = 0;
    return n + 1;
}

int wcap_frame_send(uint8_t *raw, size_t len, wcap_frame_write_fn write, void *user)
{
    static const uint8_t delim = 0;
    size_t n = len + WCAP_FRAME_CRC_SIZE, i = 0;
    int rc;

    if (len > WCAP_FRAME_PAYLOAD_MAX)
        return -1;
    uint32_t crc = wcap_crc32(0, raw, len);
    raw[len + 0] = (uint8_t)crc;
    raw[len + 1] = (uint8_t)(crc >> 8);
    raw[len + 2] = (uint8_t)(crc >> 16);
    raw[len + 3] = (uint8_t)(crc >> 24);
    for (;;) {
        size_t j = i;
        while (j < n && raw[j] != 0 && j - i < 254)
            j++;
        uint8_t code = (uint8_t)(j - i + 1);
        if ((rc = write(user, &code, 1)) != 0 || (j > i && (rc = write(user, raw + i, j - i)) != 0))
            return rc;
        if (j == n)
            break;
        i = (code == 0xFF) ? j : j + 1; /* a full block has no zero to skip */
    }
    return write(user, &delim, 1);
}
