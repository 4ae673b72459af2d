/* COBS encoder and decoder. See wcap/dev/cobs.h. */
#include "wcap/dev/cobs.h"

size_t wcap_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    size_t code_at = 0, o = 1;
    uint8_t code = 1;

    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (in[i] != 0) {
            if (o >= cap)
                return 0;
            out[o++] = in[i];
            code++;
        }
        if (in[i] == 0 || code == 0xFF) {
            out[code_at] = code;
            code = 1;
            code_at = o;
            /* A full 254-byte run at the very end needs no further block. */
            if (in[i] != 0 && i + 1 == len)
                return o;
            if (o >= cap)
                return 0;
            o++;
        }
    }
    out[code_at] = code;
    return o;
}

int wcap_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    size_t i = 0, o = 0;

    while (i < len) {
        uint8_t code = in[i++];
        if (code == 0 || (size_t)(code - 1) > len - i)
            return -1;
        for (uint8_t k = 1; k < code; k++) {
            if (in[i] == 0 || o >= cap)
                return -1;
            out[o++] = in[i++];
        }
        /* A zero follows every block except a full one and the last one. */
        if (code != 0xFF && i < len) {
            if (o >= cap)
                return -1;
            out[o++] = 0;
        }
    }
    return (int)o;
}
