/* proto.frame: frame encode/receive with split and merged reads, every kind
 * of malformed frame dropped and counted, and resynchronisation after noise. */
#include <string.h>

#include "check.h"
#include "wcap/dev/frame.h"
#include "wcap/errors.h"

typedef struct {
    uint8_t got[8][WCAP_FRAME_PAYLOAD_MAX];
    size_t got_len[8];
    int n_got, n_err, last_err;
} sink_t;

static void feed(wcap_frame_rx_t *rx, sink_t *s, const uint8_t *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p;
        size_t len;
        int r = wcap_frame_rx_byte(rx, data[i], &p, &len);
        if (r == WCAP_FRAME_READY) {
            CHECK(len <= WCAP_FRAME_PAYLOAD_MAX);
            if (s->n_got < 8) {
                memcpy(s->got[s->n_got], p, len);
                s->got_len[s->n_got] = len;
            }
            s->n_got++;
        } else if (r < 0) {
            s->n_err++;
            s->last_err = r;
        } else {
            CHECK(r == WCAP_FRAME_MORE);
        }
    }
}

static uint8_t *send_buf;
static size_t send_len;
static int collect(void *user, const uint8_t *d, size_t n)
{
    (void)user;
    if (send_len + n > 2 * WCAP_FRAME_WIRE_MAX)
        return -1;
    memcpy(send_buf + send_len, d, n);
    send_len += n;
    return 0;
}

static size_t make(const uint8_t *payload, size_t n, uint8_t *wire)
{
    uint8_t raw[WCAP_FRAME_RAW_MAX];
    memcpy(raw, payload, n);
    return wcap_frame_encode(raw, n, wire, WCAP_FRAME_WIRE_MAX);
}

int main(void)
{
    wcap_frame_rx_t rx;
    sink_t s;
    uint8_t p[WCAP_FRAME_PAYLOAD_MAX + 1], wire[3 * WCAP_FRAME_WIRE_MAX];

    /* every payload size that fits, worst case (no zeros) and all zeros */
    for (size_t n = 1; n <= WCAP_FRAME_PAYLOAD_MAX; n++) {
        for (int pattern = 0; pattern < 2; pattern++) {
            memset(p, pattern ? 0 : 0xA5, n);
            size_t w = make(p, n, wire);
            CHECK(w > 0 && w <= WCAP_FRAME_WIRE_MAX && wire[w - 1] == 0);
            wcap_frame_rx_init(&rx);
            memset(&s, 0, sizeof s);
            feed(&rx, &s, wire, w);
            CHECK(s.n_got == 1 && s.n_err == 0 && s.got_len[0] == n && !memcmp(s.got[0], p, n));
        }
    }
    /* a payload over the limit is refused by the encoder */
    CHECK(make(p, WCAP_FRAME_PAYLOAD_MAX + 1, wire) == 0);

    /* merged frames in one read, then split into single bytes */
    const char *msgs[3] = {"hello", "\x00\x01\x00", "third frame"};
    size_t lens[3] = {5, 3, 11}, w = 0;
    for (int i = 0; i < 3; i++)
        w += make((const uint8_t *)msgs[i], lens[i], wire + w);
    wcap_frame_rx_init(&rx);
    memset(&s, 0, sizeof s);
    feed(&rx, &s, wire, w);
    CHECK(s.n_got == 3);
    for (int i = 0; i < 3; i++)
        CHECK(s.got_len[i] == lens[i] && !memcmp(s.got[i], msgs[i], lens[i]));
    for (size_t cut = 1; cut < w; cut++) { /* every split point */
        wcap_frame_rx_init(&rx);
        memset(&s, 0, sizeof s);
        feed(&rx, &s, wire, cut);
        feed(&rx, &s, wire + cut, w - cut);
        CHECK(s.n_got == 3 && s.n_err == 0);
    }

    /* flipped bit: CRC error, counted; next frame still received */
    size_t a = make((const uint8_t *)"payload one", 11, wire);
    size_t b = make((const uint8_t *)"two", 3, wire + a);
    wire[3] ^= 0x04;
    wcap_frame_rx_init(&rx);
    memset(&s, 0, sizeof s);
    feed(&rx, &s, wire, a + b);
    CHECK(s.n_got == 1 && s.n_err == 1 && s.last_err == WCAP_E_DEV_CRC && rx.n_bad_crc == 1);
    CHECK(s.got_len[0] == 3 && !memcmp(s.got[0], "two", 3));

    /* too long: 700 non-zero bytes, then a delimiter, then a good frame */
    wcap_frame_rx_init(&rx);
    memset(&s, 0, sizeof s);
    memset(wire, 0x41, 700);
    feed(&rx, &s, wire, 700);
    feed(&rx, &s, (const uint8_t *)"", 1);
    CHECK(s.n_err == 1 && s.last_err == WCAP_E_DEV_FRAME && rx.n_too_long == 1);
    a = make((const uint8_t *)"after", 5, wire);
    feed(&rx, &s, wire, a);
    CHECK(s.n_got == 1 && s.got_len[0] == 5);

    /* bad COBS and too short */
    wcap_frame_rx_init(&rx);
    memset(&s, 0, sizeof s);
    feed(&rx, &s, (const uint8_t *)"\x09\x01\x02\x00", 4);
    feed(&rx, &s, (const uint8_t *)"\x03\x01\x02\x00", 4);
    CHECK(s.n_err == 2 && s.n_got == 0 && wcap_frame_rx_dropped(&rx) == 2);
    /* empty frames are ignored silently */
    feed(&rx, &s, (const uint8_t *)"\x00\x00\x00", 3);
    CHECK(s.n_err == 2);

    /* random noise then a good frame: never crashes, good frame arrives */
    wcap_frame_rx_init(&rx);
    memset(&s, 0, sizeof s);
    for (int i = 0; i < 100000; i++) {
        uint8_t byte = (uint8_t)test_rand();
        feed(&rx, &s, &byte, 1);
    }
    int before = s.n_got;
    feed(&rx, &s, (const uint8_t *)"", 1);
    a = make((const uint8_t *)"resync", 6, wire);
    feed(&rx, &s, wire, a);
    CHECK(s.n_got == before + 1 && s.got_len[(s.n_got - 1) % 8] == 6);
    /* the streaming sender produces exactly the encoder's bytes */
    for (int round = 0; round < 3000; round++) {
        static uint8_t sent[2 * WCAP_FRAME_WIRE_MAX];
        uint8_t raw1[WCAP_FRAME_RAW_MAX], raw2[WCAP_FRAME_RAW_MAX], enc[WCAP_FRAME_WIRE_MAX];
        size_t n = test_rand() % (WCAP_FRAME_PAYLOAD_MAX + 1);
        int zeros = (int)(test_rand() % 4);
        for (size_t i = 0; i < n; i++)
            raw1[i] =
                zeros == 0 ? (uint8_t)(test_rand() | 1) : (test_rand() % (zeros * 4) == 0 ? 0 : (uint8_t)test_rand());
        memcpy(raw2, raw1, n);
        size_t e = wcap_frame_encode(raw1, n, enc, sizeof enc);
        send_len = 0;
        send_buf = sent;
        CHECK(wcap_frame_send(raw2, n, collect, NULL) == 0);
        CHECK(e == send_len && memcmp(enc, sent, e) == 0);
    }
    CHECK(wcap_frame_send(p, WCAP_FRAME_PAYLOAD_MAX + 1, collect, NULL) == -1);
    CHECK_DONE();
}
