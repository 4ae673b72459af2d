/* proto.service: the device service over an in-memory transport with the RAM
 * store: Info, List, errors for unknown capsules and out-of-order uploads,
 * hostile names, a garbage blob refused with nothing stored, chunk sequence
 * and resume, replay of a repeated seq, and dropped-frame notices. */
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "check.h"
#include "wcap/dev/service.h"
#include "wcap/dev/store_ram.h"
#include "wcap/heap.h"
#include "wcap/symtab.h"

/* In-memory transport: the test queues input; output frames are collected. */
static uint8_t in_buf[4096], out_buf[16384];
static size_t in_len, in_pos, out_len;

static int t_read(void *u, uint8_t *buf, size_t cap, uint32_t timeout)
{
    (void)u, (void)timeout;
    size_t n = in_len - in_pos < cap ? in_len - in_pos : cap;
    memcpy(buf, in_buf + in_pos, n);
    in_pos += n;
    return (int)n;
}

static int t_write(void *u, const uint8_t *d, size_t n)
{
    (void)u;
    if (n > sizeof out_buf - out_len)
        return -1;
    memcpy(out_buf + out_len, d, n);
    out_len += n;
    return 0;
}

static wcap_dev_t dev;
static wcap_dev_store_ram_t ram_store;
static uint8_t store_buf[8192], heap_buf[65536];
static wcap_dev_store_t store_if;
static wcap_heap_t heap;

static void queue_raw(const uint8_t *d, size_t n)
{
    memcpy(in_buf + in_len, d, n);
    in_len += n;
}

static void queue(wcap_Request *rq)
{
    uint8_t raw[WCAP_FRAME_RAW_MAX], wire[WCAP_FRAME_WIRE_MAX];
    pb_ostream_t os = pb_ostream_from_buffer(raw, WCAP_FRAME_PAYLOAD_MAX);
    CHECK(pb_encode(&os, wcap_Request_fields, rq));
    size_t n = wcap_frame_encode(raw, os.bytes_written, wire, sizeof wire);
    CHECK(n > 0);
    queue_raw(wire, n);
}

/* Runs the service on the queued input; decodes every output frame into rs[]. */
static int exchange(wcap_Response *rs, int max)
{
    wcap_frame_rx_t rx;
    int n = 0;
    out_len = 0;
    while (in_pos < in_len)
        CHECK(wcap_dev_poll(&dev, 0) >= 0);
    in_len = in_pos = 0;
    wcap_frame_rx_init(&rx);
    for (size_t i = 0; i < out_len; i++) {
        const uint8_t *p;
        size_t len;
        if (wcap_frame_rx_byte(&rx, out_buf[i], &p, &len) == WCAP_FRAME_READY && n < max) {
            pb_istream_t is = pb_istream_from_buffer(p, len);
            memset(&rs[n], 0, sizeof rs[n]);
            CHECK(pb_decode(&is, wcap_Response_fields, &rs[n]));
            n++;
        }
    }
    return n;
}

static wcap_Response one(wcap_Request *rq)
{
    static wcap_Response rs[4];
    queue(rq);
    CHECK(exchange(rs, 4) == 1);
    CHECK(rs[0].seq == rq->seq);
    return rs[0];
}

int main(void)
{
    static const wcap_trusted_key_t key = {{1, 2, 3, 4, 5, 6, 7, 8}, {4}};
    wcap_dev_transport_t tp = {t_read, t_write, NULL};
    wcap_ldr_config_t lc;
    wcap_Request rq;
    wcap_Response r, rs[8];

    CHECK(wcap_heap_init(&heap, heap_buf, sizeof heap_buf) == 0);
    wcap_dev_store_ram_init(&ram_store, store_buf, sizeof store_buf, &store_if);
    memset(&lc, 0, sizeof lc);
    lc.target = WCAP_TARGET_X86_64;
    lc.keys = &key;
    lc.n_keys = 1;
    lc.symtab = wcap_rt_symtab();
    lc.granted_caps = WCAP_CAP_ALL;
    lc.max_mem = sizeof heap_buf;
    lc.max_stack = 8192;
    lc.alloc = wcap_heap_cfg_alloc;
    lc.free = wcap_heap_cfg_free;
    lc.largest_free = wcap_heap_cfg_largest_free;
    lc.user = &heap;
    wcap_dev_config_t dc = {.ldr = &lc,
                            .store = &store_if,
                            .transport = &tp,
                            .firmware = "test",
                            .ram_total = sizeof heap_buf,
                            .anonymous_role = WCAP_ROLE_ADMIN};
    wcap_dev_init(&dev, &dc);
    CHECK(wcap_dev_boot(&dev, NULL) == 0);
    wcap_dev_link_reset(&dev);

    /* Info */
    memset(&rq, 0, sizeof rq);
    rq.seq = 10;
    rq.which_body = wcap_Request_info_tag;
    r = one(&rq);
    CHECK(r.code == 0 && r.which_body == wcap_Response_info_tag);
    CHECK(r.body.info.target == WCAP_TARGET_X86_64 && r.body.info.abi_version == WCAP_ABI_VERSION);
    CHECK(r.body.info.slots_total == WCAP_DEV_SLOTS && r.body.info.slots_free == WCAP_DEV_SLOTS);
    CHECK(r.body.info.key_ids_count == 1 && r.body.info.key_ids[0].bytes[7] == 8);
    CHECK(r.body.info.ram_total == sizeof heap_buf && r.body.info.ram_free > 60000);
    CHECK(r.body.info.protocol_version == WCAP_DEV_PROTOCOL_VERSION && r.body.info.max_payload == 250);

    /* the same seq again: answered from the cache, not executed again */
    uint32_t before = dev.n_requests;
    r = one(&rq);
    CHECK(r.which_body == wcap_Response_info_tag && dev.n_requests == before);

    /* List on an empty device */
    memset(&rq, 0, sizeof rq);
    rq.seq = 11;
    rq.which_body = wcap_Request_list_tag;
    r = one(&rq);
    CHECK(r.code == 0 && r.body.list.entries_count == 0 && r.body.list.next == 0);

    /* unknown capsule, hostile names */
    memset(&rq, 0, sizeof rq);
    rq.seq = 12;
    rq.which_body = wcap_Request_call_tag;
    strcpy(rq.body.call.name, "nope");
    strcpy(rq.body.call.export, "run");
    CHECK(one(&rq).code == WCAP_E_DEV_NOT_FOUND);
    rq.seq = 13;
    rq.which_body = wcap_Request_remove_tag;
    strcpy(rq.body.remove.name, "../../etc");
    CHECK(one(&rq).code == WCAP_E_DEV_NOT_FOUND);

    /* chunk without an upload */
    memset(&rq, 0, sizeof rq);
    rq.seq = 14;
    rq.which_body = wcap_Request_upload_chunk_tag;
    rq.body.upload_chunk.data.size = 4;
    CHECK(one(&rq).code == WCAP_E_DEV_NO_UPLOAD);
    rq.seq = 15;
    rq.which_body = wcap_Request_upload_end_tag;
    CHECK(one(&rq).code == WCAP_E_DEV_NO_UPLOAD);

    /* install with a bad name is refused before anything starts */
    memset(&rq, 0, sizeof rq);
    rq.seq = 16;
    rq.which_body = wcap_Request_upload_begin_tag;
    rq.body.upload_begin.mode = wcap_UploadMode_UPLOAD_INSTALL;
    rq.body.upload_begin.total = 300;
    strcpy(rq.body.upload_begin.name, "a/b");
    CHECK(one(&rq).code == WCAP_E_LDR_NAME);

    /* a good begin, a chunk out of sequence, a valid header, then resume */
    uint8_t hdr[16] = {0x57, 0x43, 0x41, 0x50, 1, 16, 100, 0, 184, 0, 0, 0, 0, 0, 0, 0};
    rq.seq = 17;
    strcpy(rq.body.upload_begin.name, "hello");
    rq.body.upload_begin.blob_crc = 0xABCD;
    r = one(&rq);
    CHECK(r.code == 0 && r.which_body == wcap_Response_ack_tag && r.body.ack.received == 0);
    memset(&rq, 0, sizeof rq);
    rq.seq = 18;
    rq.which_body = wcap_Request_upload_chunk_tag;
    rq.body.upload_chunk.offset = 8;
    rq.body.upload_chunk.data.size = 8;
    r = one(&rq);
    CHECK(r.code == WCAP_E_DEV_SEQUENCE && r.body.ack.received == 0);
    rq.seq = 19;
    rq.body.upload_chunk.offset = 0;
    memcpy(rq.body.upload_chunk.data.bytes, hdr, 16);
    rq.body.upload_chunk.data.size = 16;
    r = one(&rq);
    CHECK(r.code == 0 && r.body.ack.received == 16);
    rq.seq = 20; /* a duplicate of what the device has: acked, not fed */
    r = one(&rq);
    CHECK(r.code == 0 && r.body.ack.received == 16);
    wcap_dev_link_reset(&dev); /* a reconnect */
    memset(&rq, 0, sizeof rq);
    rq.seq = 21;
    rq.which_body = wcap_Request_upload_begin_tag;
    rq.body.upload_begin.mode = wcap_UploadMode_UPLOAD_INSTALL;
    rq.body.upload_begin.total = 300;
    rq.body.upload_begin.blob_crc = 0xABCD;
    rq.body.upload_begin.resume = true;
    strcpy(rq.body.upload_begin.name, "hello");
    r = one(&rq);
    CHECK(r.code == 0 && r.body.ack.received == 16);
    /* end before all bytes: refused, upload kept */
    memset(&rq, 0, sizeof rq);
    rq.seq = 22;
    rq.which_body = wcap_Request_upload_end_tag;
    r = one(&rq);
    CHECK(r.code == WCAP_E_DEV_SIZE && r.body.ack.received == 16);
    /* garbage where the manifest should be: the loader refuses, nothing is stored */
    memset(&rq, 0, sizeof rq);
    rq.seq = 23;
    rq.which_body = wcap_Request_upload_chunk_tag;
    rq.body.upload_chunk.offset = 16;
    rq.body.upload_chunk.data.size = 200;
    memset(rq.body.upload_chunk.data.bytes, 0xEE, 200);
    r = one(&rq);
    CHECK(r.code != 0 && r.code != WCAP_E_DEV_SEQUENCE);
    char name[64];
    for (uint32_t i = 0; store_if.list(store_if.user, i, name, sizeof name) == 1; i++)
        CHECK(strncmp(name, "cap/", 4) != 0); /* only the nonce epoch (aut/epoch) */
    CHECK(ram_store.writing == 0);
    CHECK(wcap_dev_slots_used(&dev) == 0 && wcap_heap_used(&heap) == 0);
    rq.seq = 24;
    CHECK(one(&rq).code == WCAP_E_DEV_NO_UPLOAD);

    /* a damaged frame: dropped, reported as an event; a good one still works */
    memset(&rq, 0, sizeof rq);
    rq.seq = 99;
    rq.which_body = wcap_Request_info_tag;
    queue(&rq);
    in_buf[2] = in_buf[2] == 0x7F ? 0x7E : 0x7F; /* one damaged byte, still no zero */
    memset(&rq, 0, sizeof rq);
    rq.seq = 25;
    rq.which_body = wcap_Request_info_tag;
    queue(&rq);
    CHECK(exchange(rs, 8) == 2);
    CHECK(rs[0].seq == 0 && rs[0].which_body == wcap_Response_event_tag &&
          rs[0].body.event.kind == wcap_EventKind_EVENT_DEVICE && rs[0].code == WCAP_E_DEV_CRC);
    CHECK(rs[1].seq == 25 && rs[1].body.info.frames_dropped == 1);

    /* a retry after a dropped frame is still answered from the replay copy */
    before = dev.n_requests;
    queue(&rq);                                                    /* seq 25 again */
    in_buf[in_len - 3] = in_buf[in_len - 3] == 0x7F ? 0x7E : 0x7F; /* damage it, no zero */
    queue(&rq);
    CHECK(exchange(rs, 8) == 2);
    CHECK((rs[0].code == WCAP_E_DEV_CRC || rs[0].code == WCAP_E_DEV_FRAME) && rs[1].seq == 25 &&
          rs[1].which_body == wcap_Response_info_tag);
    CHECK(dev.n_requests == before);

    /* a frame that is not a Request */
    uint8_t junk[] = {0xFF, 0xFF, 0xFF};
    uint8_t raw[16], wire[32];
    memcpy(raw, junk, 3);
    queue_raw(wire, wcap_frame_encode(raw, 3, wire, sizeof wire));
    CHECK(exchange(rs, 8) == 1 && rs[0].seq == 0 && rs[0].code == WCAP_E_DEV_MSG);
    CHECK_DONE();
}
