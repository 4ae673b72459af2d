/*
 * libFuzzer harness: the device service (device/, wcap_dev_*) from raw wire
 * bytes: a fake transport hands the input to wcap_dev_poll, so every byte
 * goes through the frame receiver (COBS, CRC-32), the nanopb decoder and the
 * request handlers, with a RAM store and real capsules. docs/fuzzing.md.
 *
 * Input: [flags] [wire bytes ...]
 *   flags bit 0:    repair the CRC of every well-formed COBS frame first, so
 *                   mutations of a payload reach the decoder (bit clear: the
 *                   bytes go in exactly as given, CRC failures included)
 *   flags bits 1-3: read sizes (1, 2, 3, 7, 16, 64, 64, 64 bytes per read)
 *   flags bit 4:    call wcap_dev_tick after every read (lifecycle)
 *   flags bit 5:    reboot once the input is spent: reload the store, List
 * Seeds: request streams captured from `wcap` talking to wcapd
 * (tests/fuzz/corpus/device, tests/fuzz/make_seeds.sh).
 * Checked besides ASan/UBSan: every frame the device sends decodes as a
 * Response, and all capsule RAM comes back after the capsules are unloaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pb_decode.h>

#include "fuzz_common.h"
#include "wcap/dev/cobs.h"
#include "wcap/dev/crc32.h"

static struct {
    const uint8_t *in;
    size_t len, pos, step;
    wcap_frame_rx_t out; /* what the device sent, checked frame by frame */
} link;

static int t_read(void *user, uint8_t *buf, size_t cap, uint32_t timeout_ms)
{
    (void)user;
    (void)timeout_ms;
    if (link.pos == link.len)
        return -1; /* the host went away: the input is spent */
    size_t n = link.len - link.pos;
    n = n < cap ? n : cap;
    n = n < link.step ? n : link.step;
    memcpy(buf, link.in + link.pos, n);
    link.pos += n;
    return (int)n;
}

static int t_write(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    for (size_t i = 0; i < len; i++) {
        const uint8_t *payload;
        size_t plen;
        int r = wcap_frame_rx_byte(&link.out, data[i], &payload, &plen);
        if (r == WCAP_FRAME_MORE)
            continue;
        wcap_Response resp = wcap_Response_init_zero;
        pb_istream_t is = pb_istream_from_buffer(payload, plen);
        if (r != WCAP_FRAME_READY || !pb_decode(&is, wcap_Response_fields, &resp)) {
            fprintf(stderr, "fuzz_device: the device sent a bad frame (%d)\n", r);
            abort();
        }
    }
    return 0;
}

/* Rewrites each COBS frame of `in` with the right CRC into `out` (capacity
 * 2*len+2 at least); a segment that is not valid COBS is copied as it is. */
static size_t repair_crcs(const uint8_t *in, size_t len, uint8_t *out)
{
    uint8_t raw[WCAP_FRAME_WIRE_MAX + 8];
    size_t o = 0, i = 0;

    while (i < len) {
        size_t j = i;
        while (j < len && in[j] != 0)
            j++;
        int n = j - i <= WCAP_FRAME_ENCODED_MAX ? wcap_cobs_decode(in + i, j - i, raw, sizeof raw) : -1;
        if (n >= (int)WCAP_FRAME_CRC_SIZE + 1) {
            size_t plen = (size_t)n - WCAP_FRAME_CRC_SIZE;
            uint32_t crc = wcap_crc32(0, raw, plen);
            for (int b = 0; b < 4; b++)
                raw[plen + (size_t)b] = (uint8_t)(crc >> (8 * b));
            o += wcap_cobs_encode(raw, (size_t)n, out + o, WCAP_COBS_MAX_ENCODED((size_t)n));
        } else {
            memcpy(out + o, in + i, j - i);
            o += j - i;
        }
        if (j < len)
            out[o++] = 0;
        i = j + 1;
    }
    return o;
}

static void serve(wcap_dev_t *dev, int tick)
{
    while (wcap_dev_poll(dev, 0) >= 0) {
        if (tick)
            (void)wcap_dev_tick(dev);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t steps[8] = {1, 2, 3, 7, 16, 64, 64, 64};
    static wcap_dev_t dev;
    static const wcap_dev_transport_t tp = {t_read, t_write, NULL};
    uint8_t *fixed = NULL;

    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    link.in = data + 1;
    link.len = size - 1;
    if (flags & 1u) {
        fixed = malloc(2 * size + 2);
        link.len = repair_crcs(data + 1, size - 1, fixed);
        link.in = fixed;
    }
    link.pos = 0;
    link.step = steps[(flags >> 1) & 7u];
    wcap_frame_rx_init(&link.out);

    wcap_fuzz_dev_setup(&dev, &tp);
    serve(&dev, flags & 16u);
    if (flags & 32u) {
        wcap_fuzz_dev_reboot(&dev, &tp);
        memset(&dev.req, 0, sizeof dev.req);
        dev.req.which_body = wcap_Request_list_tag; /* what came back from the store */
        (void)wcap_dev_execute(&dev);
    }
    wcap_fuzz_dev_teardown(&dev);
    free(fixed);
    return 0;
}
