/* Streaming a blob to a device: begin, acknowledged chunks with resume, end;
 * progress on stderr. See docs/device-protocol.md. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "wcap/dev/crc32.h"
#include "wcap/errors.h"
#include "diag.h"
#include "progress.h"

#define WCAPC_CHUNK 200u /* UploadChunk.data max_size */
#define WCAPC_RECONNECTS 3
#define WCAPC_END_WAIT_MS 70000 /* UploadEnd of a run waits for the capsule (events extend it) */

/* Sends the chunk at `off`, bit-flipped at corrupt_at (test only). */
static int send_chunk(wcapc_sess_t *s, const wcapc_dev_opts_t *o, const wcapc_blob_meta_t *m, uint32_t off,
                      wcap_Response *rs)
{
    wcap_Request rq = wcap_Request_init_zero;
    size_t n = m->len - off < WCAPC_CHUNK ? m->len - off : WCAPC_CHUNK;

    rq.which_body = wcap_Request_upload_chunk_tag;
    rq.body.upload_chunk.offset = off;
    rq.body.upload_chunk.data.size = (pb_size_t)n;
    memcpy(rq.body.upload_chunk.data.bytes, m->data + off, n);
    if (o->corrupt_at >= (long)off && o->corrupt_at < (long)(off + n))
        rq.body.upload_chunk.data.bytes[o->corrupt_at - (long)off] ^= 0x01;
    return wcapc_sess_call(s, &rq, rs, 0);
}

static int reconnect(wcapc_sess_t *s, const wcapc_dev_opts_t *o)
{
    wcapc_sess_close(s);
    fprintf(stderr, "wcap: connection lost, reconnecting to %s to resume\n", o->port);
    nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
    int rc = wcapc_sess_open(s, o);
    s->quiet_lost = 1;
    return rc;
}

/* After a call that gave rc: 0 to go on; 1 when the connection was lost and
 * opened again (resume from UploadBegin); -1 with *rc the failure. */
static int after_call(wcapc_sess_t *s, const wcapc_dev_opts_t *o, int *rc, int *reconnects)
{
    if (*rc == WCAPC_EXIT_CONNECT && (*reconnects)++ < WCAPC_RECONNECTS)
        return (*rc = reconnect(s, o)) == WCAPC_EXIT_OK ? 1 : -1;
    if (*rc == WCAPC_EXIT_CONNECT)
        *rc = wcapc_fail(*rc, "connection to %s lost", o->port);
    return *rc == WCAPC_EXIT_OK ? 0 : -1;
}

int wcapc_upload(wcapc_sess_t *s, const wcapc_dev_opts_t *o, const wcapc_blob_meta_t *m, wcap_UploadBegin *begin,
                 wcap_Response *end)
{
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    wcapc_progress_t pg;
    wcapc_progress_init(&pg, m->len);
    int rc, lost, reconnects = 0, dropped = 0;
    uint32_t off;

    begin->total = (uint32_t)m->len;
    begin->blob_crc = wcap_crc32(0, m->data, m->len);
    begin->resume = true;
    s->quiet_lost = 1;
again:
    rq.which_body = wcap_Request_upload_begin_tag;
    rq.body.upload_begin = *begin;
    rc = wcapc_sess_call(s, &rq, &rs, 0);
    if ((lost = after_call(s, o, &rc, &reconnects)) != 0) {
        if (lost > 0)
            goto again;
        return rc;
    }
    if (rs.code != 0)
        return wcapc_device_error(&rs);
    off = rs.body.ack.received;
    if (reconnects > 0)
        fprintf(stderr, "wcap: resuming upload at byte %u\n", (unsigned)off);
    wcapc_progress_show(&pg, off);
    while (off < m->len) {
        rc = send_chunk(s, o, m, off, &rs);
        if ((lost = after_call(s, o, &rc, &reconnects)) != 0) {
            if (lost > 0)
                goto again;
            return rc;
        }
        if (rs.code == WCAP_E_DEV_SEQUENCE && rs.which_body == wcap_Response_ack_tag) {
            off = rs.body.ack.received; /* the device says where to continue */
            continue;
        }
        if (rs.code != 0 || rs.which_body != wcap_Response_ack_tag || rs.body.ack.received <= off) {
            if (pg.tty)
                fputc('\n', stderr);
            return rs.code != 0 ? wcapc_device_error(&rs)
                                : wcapc_fail(WCAPC_EXIT_PROTOCOL, "device acknowledged no progress");
        }
        if (!dropped && o->drop_at >= (long)off && o->drop_at < (long)rs.body.ack.received) {
            dropped = 1; /* test only: a cable pull right after this chunk */
            wcapc_port_close(&s->port);
        }
        off = rs.body.ack.received;
        wcapc_progress_show(&pg, off);
    }
    s->quiet_lost = 0;
    memset(&rq, 0, sizeof rq);
    rq.which_body = wcap_Request_upload_end_tag;
    return wcapc_sess_call(s, &rq, end, WCAPC_END_WAIT_MS);
}
