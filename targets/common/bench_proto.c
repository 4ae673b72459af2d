/*
 * Load benchmark, protocol part: the whole device side of `wcap push`. The
 * frames a host would send for an INSTALL upload of the blob (UploadBegin,
 * 200-byte UploadChunks, UploadEnd; nanopb + CRC-32 + COBS) are encoded one
 * at a time into RAM, each then fed to a fresh device service through a
 * memory transport; the measured time (encoding left out) covers frame
 * decoding, request dispatch, acks and the loader -- everything but the UART
 * interrupt per byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bench_proto.h"
#include "board.h"
#include "manifest.pb.h"
#include "pb_decode.h"
#include "pb_encode.h"
#include "wcap/dev/crc32.h"
#include "wcap/dev/service.h"

#define WIRE_MAX (2u * 1024u) /* one frame, or one CoAP datagram */
#define CHUNK 200u

typedef struct {
    const uint8_t *data;
    size_t len, pos;
} mem_link_t;

static uint8_t wire[WIRE_MAX];
static wcap_dev_t bench_dev;

static int mem_read(void *user, uint8_t *buf, size_t cap, uint32_t timeout_ms)
{
    mem_link_t *l = user;
    size_t n = l->len - l->pos;
    (void)timeout_ms;
    if (n > cap)
        n = cap;
    memcpy(buf, l->data + l->pos, n);
    l->pos += n;
    return (int)n;
}

static int mem_write(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    (void)data;
    (void)len;
    return 0; /* responses are not needed: success is checked on the slots */
}

/* Appends one request as a wire frame; 0 when it does not fit. */
static size_t put_request(wcap_Request *req, size_t at)
{
    uint8_t raw[WCAP_FRAME_RAW_MAX];
    pb_ostream_t s = pb_ostream_from_buffer(raw, WCAP_FRAME_PAYLOAD_MAX);
    if (!pb_encode(&s, wcap_Request_fields, req))
        return 0;
    return wcap_frame_encode(raw, s.bytes_written, wire + at, WIRE_MAX - at);
}

static int manifest_name(const uint8_t *blob, char name[32])
{
    wcap_Manifest m = wcap_Manifest_init_zero;
    pb_istream_t s = pb_istream_from_buffer(blob + WCAP_HEADER_SIZE, wcap_rd16(blob + WCAP_HDR_MANIFEST_LEN));
    if (!pb_decode(&s, wcap_Manifest_fields, &m))
        return -1;
    memcpy(name, m.name, sizeof m.name);
    return 0;
}

/* Hands one request to the service as a wire frame; adds the ticks spent in
 * wcap_dev_poll to *ticks (the encoding is not counted, so a blob of any size
 * needs only one frame's buffer). 0 when it could not be encoded. */
static int feed_request(wcap_Request *req, mem_link_t *link, uint32_t *ticks)
{
    size_t n = put_request(req, 0);
    if (n == 0)
        return 0;
    link->len = n;
    link->pos = 0;
    uint32_t t0 = wcap_board_ticks();
    while (link->pos < link->len)
        if (wcap_dev_poll(&bench_dev, 0) < 0)
            break;
    *ticks += wcap_board_ticks() - t0;
    return 1;
}

int wcap_fw_bench_proto(const wcap_ldr_config_t *cfg, const uint8_t *blob, uint32_t total, uint32_t *ticks)
{
    static wcap_Request req;
    mem_link_t link = {wire, 0, 0};
    wcap_dev_transport_t tp = {mem_read, mem_write, &link};
    /* Measures loading, not authentication: the in-memory link is trusted. */
    wcap_dev_config_t dc = {.ldr = cfg, .transport = &tp, .firmware = "bench", .anonymous_role = WCAP_ROLE_ADMIN};
    uint32_t before, seq = 1;

    wcap_dev_init(&bench_dev, &dc);
    before = wcap_dev_slots_used(&bench_dev);
    *ticks = 0;
    wcap_dev_link_reset(&bench_dev);
    memset(&req, 0, sizeof req);
    req.seq = seq++;
    req.which_body = wcap_Request_upload_begin_tag;
    req.body.upload_begin.total = total;
    req.body.upload_begin.mode = wcap_UploadMode_UPLOAD_INSTALL;
    req.body.upload_begin.blob_crc = wcap_crc32(0, blob, total);
    if (manifest_name(blob, req.body.upload_begin.name) != 0 || !feed_request(&req, &link, ticks))
        return WCAP_E_DEV_SIZE;
    for (uint32_t off = 0; off < total; off += CHUNK) {
        memset(&req, 0, sizeof req);
        req.seq = seq++;
        req.which_body = wcap_Request_upload_chunk_tag;
        req.body.upload_chunk.offset = off;
        req.body.upload_chunk.data.size = (pb_size_t)(total - off < CHUNK ? total - off : CHUNK);
        memcpy(req.body.upload_chunk.data.bytes, blob + off, req.body.upload_chunk.data.size);
        if (!feed_request(&req, &link, ticks))
            return WCAP_E_DEV_SIZE;
    }
    memset(&req, 0, sizeof req);
    req.seq = seq;
    req.which_body = wcap_Request_upload_end_tag;
    if (!feed_request(&req, &link, ticks))
        return WCAP_E_DEV_SIZE;
    return wcap_dev_slots_used(&bench_dev) == before + 1u ? WCAP_OK : WCAP_E_DEV_NOT_FOUND;
}

#if WCAP_FW_NET
#include "wcap/dev/coap_srv.h"

/* The same install over the board's CoAP server: PUT /capsules/<name> in
 * 1024-byte Block1 datagrams (CON, Size1 in the first) handed to
 * wcap_coap_srv_handle as lwIP's UDP callback would (UDP/IP and the Ethernet
 * driver not counted). */
static wcap_coap_srv_t bench_coap;
static uint8_t coap_answer[WCAP_COAP_DATAGRAM_MAX];

static size_t put_opt(uint8_t *m, size_t at, unsigned delta, const uint8_t *v, size_t n)
{
    m[at++] = (uint8_t)((delta < 13 ? delta : 13u) << 4 | (n < 13 ? n : 13u));
    if (delta >= 13)
        m[at++] = (uint8_t)(delta - 13);
    if (n >= 13)
        m[at++] = (uint8_t)(n - 13);
    memcpy(m + at, v, n);
    return at + n;
}

/* Block `b` of the PUT as one datagram into `m` (room for 1024 + 64 bytes). */
static size_t encode_block(uint8_t *m, const char *name, const uint8_t *blob, uint32_t total, uint32_t b)
{
    size_t at = 0, n = total - b * 1024u < 1024u ? total - b * 1024u : 1024u;
    uint32_t more = (b + 1u) * 1024u < total, b1 = b << 4 | more << 3 | 6u;
    uint8_t bv[3] = {(uint8_t)(b1 >> 16), (uint8_t)(b1 >> 8), (uint8_t)b1};
    uint8_t sv[3] = {(uint8_t)(total >> 16), (uint8_t)(total >> 8), (uint8_t)total};

    m[at++] = 0x41; /* CON, token length 1 */
    m[at++] = 0x03; /* PUT */
    m[at++] = (uint8_t)(b >> 8);
    m[at++] = (uint8_t)b;
    m[at++] = 0x7A;
    at = put_opt(m, at, 11, (const uint8_t *)"capsules", 8);
    at = put_opt(m, at, 0, (const uint8_t *)name, strlen(name));
    at = b1 < 256     ? put_opt(m, at, 16, bv + 2, 1)
         : b1 < 65536 ? put_opt(m, at, 16, bv + 1, 2)
                      : put_opt(m, at, 16, bv, 3);
    if (b == 0)
        at = put_opt(m, at, 33, sv, 3);
    m[at++] = 0xFF;
    memcpy(m + at, blob + b * 1024u, n);
    return at + n;
}

/* Ticks spent in wcap_coap_srv_handle only (each datagram is encoded just
 * before it is handed over, so a 64 KB blob needs no 64 KB wire buffer). */
static char coap_name[32];

int wcap_fw_bench_coap(const wcap_ldr_config_t *cfg, const uint8_t *blob, uint32_t total, uint32_t *ticks)
{
    wcap_dev_config_t dc = {.ldr = cfg, .firmware = "bench", .anonymous_role = WCAP_ROLE_ADMIN};
    char *name = coap_name;
    uint32_t before;

    if (total == 0 || total > 0xFFFFFFu || manifest_name(blob, name) != 0)
        return WCAP_E_DEV_SIZE;
    wcap_dev_init(&bench_dev, &dc);
    wcap_coap_srv_init(&bench_coap, &bench_dev, 1u << 24, 20000u);
    wcap_dev_set_caller(&bench_dev, WCAP_ROLE_ADMIN, NULL);
    before = wcap_dev_slots_used(&bench_dev);
    *ticks = 0;
    for (uint32_t b = 0; b * 1024u < total; b++) {
        size_t n = encode_block(wire, name, blob, total, b);
        uint32_t t0 = wcap_board_ticks();
        (void)wcap_coap_srv_handle(&bench_coap, 1u, wire, n, coap_answer, sizeof coap_answer, 0);
        *ticks += wcap_board_ticks() - t0;
    }
    return wcap_dev_slots_used(&bench_dev) == before + 1u ? WCAP_OK : WCAP_E_DEV_NOT_FOUND;
}

void wcap_fw_bench_release(void)
{
    memset(&bench_dev.req, 0, sizeof bench_dev.req);
    bench_dev.req.which_body = wcap_Request_remove_tag;
    memcpy(bench_dev.req.body.remove.name, coap_name, sizeof bench_dev.req.body.remove.name);
    (void)wcap_dev_execute(&bench_dev);
}
#endif
