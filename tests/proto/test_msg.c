/* proto.messages: every Request/Response filled to its bounds encodes within
 * one frame payload and decodes back equal; garbage payloads fail cleanly. */
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "check.h"
#include "device.pb.h"
#include "wcap/dev/frame.h"

static size_t enc(const pb_msgdesc_t *d, const void *msg, uint8_t *buf, size_t cap)
{
    pb_ostream_t os = pb_ostream_from_buffer(buf, cap);
    if (!pb_encode(&os, d, msg))
        return 0;
    return os.bytes_written;
}

static void fill_name(char *dst, size_t size)
{
    memset(dst, 'n', size - 1);
    dst[size - 1] = 0;
}

int main(void)
{
    uint8_t buf[512];

    CHECK(wcap_Request_size <= WCAP_FRAME_PAYLOAD_MAX);
    CHECK(wcap_Response_size <= WCAP_FRAME_PAYLOAD_MAX);

    /* largest chunk request */
    wcap_Request rq = wcap_Request_init_zero, back = wcap_Request_init_zero;
    rq.seq = 0xFFFFFFFFu;
    rq.which_body = wcap_Request_upload_chunk_tag;
    rq.body.upload_chunk.offset = 0xFFFFFFFFu;
    rq.body.upload_chunk.data.size = sizeof rq.body.upload_chunk.data.bytes;
    for (size_t i = 0; i < rq.body.upload_chunk.data.size; i++)
        rq.body.upload_chunk.data.bytes[i] = (uint8_t)i;
    size_t n = enc(wcap_Request_fields, &rq, buf, WCAP_FRAME_PAYLOAD_MAX);
    CHECK(n > 0);
    pb_istream_t is = pb_istream_from_buffer(buf, n);
    CHECK(pb_decode(&is, wcap_Request_fields, &back));
    CHECK(back.seq == rq.seq && back.which_body == wcap_Request_upload_chunk_tag);
    CHECK(back.body.upload_chunk.data.size == 200 &&
          !memcmp(back.body.upload_chunk.data.bytes, rq.body.upload_chunk.data.bytes, 200));

    /* largest call: every arg a negative i64 */
    memset(&rq, 0, sizeof rq);
    rq.seq = 7;
    rq.which_body = wcap_Request_call_tag;
    fill_name(rq.body.call.name, sizeof rq.body.call.name);
    fill_name(rq.body.call.export, sizeof rq.body.call.export);
    rq.body.call.args_count = 8;
    for (int i = 0; i < 8; i++) {
        rq.body.call.args[i].which_v = wcap_Value_i64_tag;
        rq.body.call.args[i].v.i64 = INT64_MIN + i;
    }
    n = enc(wcap_Request_fields, &rq, buf, WCAP_FRAME_PAYLOAD_MAX);
    CHECK(n > 0);
    memset(&back, 0, sizeof back);
    is = pb_istream_from_buffer(buf, n);
    CHECK(pb_decode(&is, wcap_Request_fields, &back));
    CHECK(back.body.call.args_count == 8 && back.body.call.args[3].v.i64 == INT64_MIN + 3);
    CHECK(!strcmp(back.body.call.export, rq.body.call.export));

    /* a full list response and a full event */
    wcap_Response rs = wcap_Response_init_zero, rback = wcap_Response_init_zero;
    rs.seq = 0xFFFFFFFFu;
    rs.code = -0x3FF;
    fill_name(rs.message, sizeof rs.message);
    rs.which_body = wcap_Response_list_tag;
    rs.body.list.entries_count = 3;
    for (int i = 0; i < 3; i++) {
        fill_name(rs.body.list.entries[i].name, sizeof rs.body.list.entries[i].name);
        rs.body.list.entries[i].version = 0xFFFFFFFFu;
        rs.body.list.entries[i].ram = 0xFFFFFFFFu;
        rs.body.list.entries[i].state = wcap_CapsuleState_STATE_STOPPED;
    }
    rs.body.list.next = 0xFFFFFFFFu;
    n = enc(wcap_Response_fields, &rs, buf, WCAP_FRAME_PAYLOAD_MAX);
    CHECK(n > 0);
    is = pb_istream_from_buffer(buf, n);
    CHECK(pb_decode(&is, wcap_Response_fields, &rback));
    CHECK(rback.code == -0x3FF && rback.body.list.entries_count == 3 &&
          rback.body.list.entries[2].state == wcap_CapsuleState_STATE_STOPPED);

    memset(&rs, 0, sizeof rs);
    rs.which_body = wcap_Response_event_tag;
    rs.body.event.kind = wcap_EventKind_EVENT_LOG;
    rs.body.event.data.size = sizeof rs.body.event.data.bytes;
    rs.body.event.eol = true;
    fill_name(rs.message, sizeof rs.message);
    rs.code = -0x301;
    CHECK(enc(wcap_Response_fields, &rs, buf, WCAP_FRAME_PAYLOAD_MAX) > 0);

    /* garbage never decodes into out-of-bounds fields (ASan watches) */
    int decoded = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = test_rand() % 250;
        for (size_t i = 0; i < len; i++)
            buf[i] = (uint8_t)test_rand();
        wcap_Request g = wcap_Request_init_zero;
        is = pb_istream_from_buffer(buf, len);
        if (pb_decode(&is, wcap_Request_fields, &g)) {
            decoded++;
            if (g.which_body == wcap_Request_upload_chunk_tag)
                CHECK(g.body.upload_chunk.data.size <= 200);
            if (g.which_body == wcap_Request_call_tag)
                CHECK(g.body.call.args_count <= 8 && memchr(g.body.call.name, 0, 32));
        }
    }
    CHECK(decoded < 20000);
    CHECK_DONE();
}
