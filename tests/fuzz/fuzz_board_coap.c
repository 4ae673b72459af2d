/*
 * libFuzzer harness: the boards' CoAP server (device/coap_srv.c) over the
 * device service, without IP: each datagram of the input goes straight to
 * wcap_coap_srv_handle, as the board's lwIP callback hands it over.
 * docs/fuzzing.md.
 *
 * Input: a sequence of records [peer u8][advance u8][len u16 LE][len bytes]:
 * the datagram comes from client `peer & 3`, with a DTLS admin role when bit 7
 * of peer is set (else anonymous, a reader); `advance` moves the clock by that
 * many seconds first (so partial Block1 uploads time out). A truncated last
 * record is sent as far as it goes.
 * Checked besides ASan/UBSan: an answer never exceeds its buffer and is a
 * CoAP response to the request (version 1, same token length, ACK or NON),
 * and all capsule RAM comes back after the capsules are unloaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "wcap/dev/coap_srv.h"

static wcap_dev_t dev;
static wcap_coap_srv_t srv;
static uint8_t out[WCAP_COAP_DATAGRAM_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t now = 1000;
    size_t pos = 0;

    wcap_fuzz_dev_setup(&dev, NULL);
    wcap_coap_srv_init(&srv, &dev, 128u * 1024u, 20000u);
    while (pos + 4 <= size) {
        uint8_t peer = data[pos], adv = data[pos + 1];
        size_t len = (size_t)data[pos + 2] | (size_t)data[pos + 3] << 8;
        pos += 4;
        if (len > size - pos)
            len = size - pos;
        now += (uint64_t)adv * 1000u;
        (void)wcap_coap_srv_poll(&srv, now);
        if (peer & 0x80)
            wcap_dev_set_caller(&dev, WCAP_ROLE_ADMIN, "fuzz-admin");
        else
            wcap_dev_set_caller(&dev, WCAP_ROLE_READER, NULL);
        memset(out, 0xEE, sizeof out);
        size_t n = wcap_coap_srv_handle(&srv, (uint32_t)(peer & 0x83u), data + pos, len, out, sizeof out, now);
        if (n > sizeof out) {
            fprintf(stderr, "fuzz_board_coap: answer of %zu bytes\n", n);
            abort();
        }
        if (n >= 4 && len >= 4) {
            unsigned type = (out[0] >> 4) & 3u;
            int rst = n == 4 && out[1] == 0 && type == 3u;
            if ((out[0] >> 6) != 1 || (!rst && (type != 2u && type != 1u)) ||
                (!rst && (out[0] & 15u) != (data[pos] & 15u))) {
                fprintf(stderr, "fuzz_board_coap: not an answer to the request\n");
                abort();
            }
        } else if (n != 0) {
            fprintf(stderr, "fuzz_board_coap: a %zu-byte answer\n", n);
            abort();
        }
        pos += len;
    }
    (void)wcap_coap_srv_poll(&srv, now + 3600000u); /* any partial upload times out */
    wcap_fuzz_dev_teardown(&dev);
    return 0;
}
