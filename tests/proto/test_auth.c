/* proto.auth: who may do what on the device service (device/access.c,
 * docs/device-protocol.md "Authentication"), over an in-memory transport:
 * anonymous callers may read and are refused mutations (AUTH_REQUIRED), an
 * unknown identity is refused at AuthBegin, a reader may read and is refused
 * mutations (FORBIDDEN), an admin may mutate; a wrong key, a flipped byte, a
 * trailer that is not last, a replayed or reordered counter, a MAC from an
 * earlier connection and a request without AuthBegin are refused, each
 * logged with the identity and never the key; nothing installed changes. */
#include <stdio.h>
#include <string.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "check.h"
#include "wcap/dev/service.h"
#include "wcap/dev/store_ram.h"
#include "wcap/heap.h"
#include "wcap/symtab.h"

static uint8_t out_buf[8192];
static size_t out_len;
static const uint8_t *in_ptr;
static size_t in_left;

static int t_read(void *u, uint8_t *buf, size_t cap, uint32_t timeout)
{
    (void)u, (void)timeout;
    size_t n = in_left < cap ? in_left : cap;
    memcpy(buf, in_ptr, n);
    in_ptr += n;
    in_left -= n;
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

static const uint8_t admin_key[] = "0123456789abcdef0123456789abcdef";
static const uint8_t reader_key[] = "fedcba9876543210fedcba9876543210";
static const wcap_auth_client_t clients[] = {
    {"ops", WCAP_ROLE_ADMIN, 32, admin_key},
    {"viewer", WCAP_ROLE_READER, 32, reader_key},
};

static wcap_dev_t dev;
static wcap_dev_store_ram_t ram_store;
static uint8_t store_buf[8192], heap_buf[65536];
static wcap_dev_store_t store_if;
static wcap_heap_t heap;
static char logged[2048];

static void log_fn(void *user, const char *line)
{
    (void)user;
    strncat(logged, line, sizeof logged - strlen(logged) - 2);
    strcat(logged, "\n");
}

/* The client side of a connection: nonce, counter, key. */
typedef struct {
    uint8_t nonce[WCAP_AUTH_NONCE_SIZE];
    uint32_t counter;
    const uint8_t *key;
    int authed;
    uint8_t last[WCAP_FRAME_PAYLOAD_MAX]; /* the last payload sent, for replays */
    size_t last_len;
} peer_t;

static wcap_Response send_payload(const uint8_t *p, size_t n)
{
    uint8_t raw[WCAP_FRAME_RAW_MAX], wire[WCAP_FRAME_WIRE_MAX];
    wcap_frame_rx_t rx;
    wcap_Response r;
    memcpy(raw, p, n); /* the encoder appends the CRC in place */
    size_t w = wcap_frame_encode(raw, n, wire, sizeof wire);

    CHECK(w > 0);
    in_ptr = wire;
    in_left = w;
    out_len = 0;
    while (in_left > 0)
        CHECK(wcap_dev_poll(&dev, 0) >= 0);
    memset(&r, 0, sizeof r);
    wcap_frame_rx_init(&rx);
    for (size_t i = 0; i < out_len; i++) {
        const uint8_t *f;
        size_t len;
        if (wcap_frame_rx_byte(&rx, out_buf[i], &f, &len) == WCAP_FRAME_READY) {
            pb_istream_t is = pb_istream_from_buffer(f, len);
            CHECK(pb_decode(&is, wcap_Response_fields, &r));
        }
    }
    return r;
}

static uint32_t next_seq = 100;

/* Encodes rq (new seq), with the MAC trailer when the peer is authenticated. */
static wcap_Response request(peer_t *pe, wcap_Request *rq)
{
    pb_ostream_t os = pb_ostream_from_buffer(pe->last, sizeof pe->last);
    rq->seq = next_seq++;
    CHECK(pb_encode(&os, wcap_Request_fields, rq));
    pe->last_len = os.bytes_written;
    if (pe->authed) {
        uint8_t mac[WCAP_AUTH_MAC_SIZE];
        pe->counter++;
        CHECK(wcap_auth_mac(pe->key, 32, pe->nonce, pe->counter, pe->last, pe->last_len, mac) == 0);
        wcap_auth_trailer_write(pe->last + pe->last_len, pe->counter, mac);
        pe->last_len += WCAP_AUTH_TRAILER_SIZE;
    }
    return send_payload(pe->last, pe->last_len);
}

static wcap_Response begin(peer_t *pe, const char *identity, const uint8_t *key)
{
    wcap_Request rq = wcap_Request_init_zero;
    memset(pe, 0, sizeof *pe);
    rq.which_body = wcap_Request_auth_begin_tag;
    strcpy(rq.body.auth_begin.identity, identity);
    wcap_Response r = request(pe, &rq);
    if (r.code == 0 && r.which_body == wcap_Response_challenge_tag) {
        memcpy(pe->nonce, r.body.challenge.nonce, sizeof pe->nonce);
        pe->key = key;
        pe->authed = 1;
    }
    return r;
}

static int code_of(peer_t *pe, pb_size_t tag)
{
    wcap_Request rq = wcap_Request_init_zero;
    rq.which_body = tag;
    if (tag == wcap_Request_upload_chunk_tag)
        rq.body.upload_chunk.data.size = 1;
    else if (tag == wcap_Request_remove_tag || tag == wcap_Request_start_tag || tag == wcap_Request_stop_tag)
        strcpy(rq.body.remove.name, "nothing"); /* NameReq */
    else if (tag == wcap_Request_call_tag)
        strcpy(rq.body.call.name, "nothing");
    return request(pe, &rq).code;
}

int main(void)
{
    static const wcap_trusted_key_t key = {{1, 2, 3, 4, 5, 6, 7, 8}, {4}};
    wcap_dev_transport_t tp = {t_read, t_write, NULL};
    wcap_ldr_config_t lc;
    peer_t anon = {0}, ad, rd, x;
    wcap_Response r;

    CHECK(wcap_heap_init(&heap, heap_buf, sizeof heap_buf) == 0);
    wcap_dev_store_ram_init(&ram_store, store_buf, sizeof store_buf, &store_if);
    memset(&lc, 0, sizeof lc);
    lc.target = WCAP_TARGET_X86_64;
    lc.keys = &key;
    lc.n_keys = 1;
    lc.symtab = wcap_rt_symtab();
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
                            .clients = clients,
                            .n_clients = 2,
                            .anonymous_role = WCAP_ROLE_READER,
                            .log = log_fn};
    wcap_dev_init(&dev, &dc);
    CHECK(wcap_dev_boot(&dev, NULL) == 0);
    wcap_dev_link_reset(&dev);

    /* anonymous: reads yes, every mutation AUTH_REQUIRED */
    CHECK(code_of(&anon, wcap_Request_info_tag) == 0);
    CHECK(code_of(&anon, wcap_Request_list_tag) == 0);
    static const pb_size_t mutations[] = {wcap_Request_upload_begin_tag, wcap_Request_upload_chunk_tag,
                                          wcap_Request_upload_end_tag,   wcap_Request_remove_tag,
                                          wcap_Request_call_tag,         wcap_Request_start_tag,
                                          wcap_Request_stop_tag,         wcap_Request_reboot_tag};
    for (size_t i = 0; i < sizeof mutations / sizeof mutations[0]; i++)
        CHECK(code_of(&anon, mutations[i]) == WCAP_E_DEV_AUTH_REQUIRED);
    CHECK(strstr(logged, "refused remove from (anonymous)") != NULL);

    /* an unknown identity */
    r = begin(&x, "mallory", admin_key);
    CHECK(r.code == WCAP_E_DEV_AUTH_UNKNOWN && !x.authed);
    CHECK(strstr(logged, "unknown identity 'mallory'") != NULL);

    /* a reader: reads yes, mutations FORBIDDEN */
    r = begin(&rd, "viewer", reader_key);
    CHECK(r.code == 0 && r.body.challenge.role == WCAP_ROLE_READER);
    CHECK(code_of(&rd, wcap_Request_info_tag) == 0);
    for (size_t i = 0; i < sizeof mutations / sizeof mutations[0]; i++)
        CHECK(code_of(&rd, mutations[i]) == WCAP_E_DEV_FORBIDDEN);
    CHECK(strstr(logged, "refused call from viewer") != NULL);

    /* an admin: mutations reach their handler (no such capsule / no upload, not a refusal) */
    r = begin(&ad, "ops", admin_key);
    CHECK(r.code == 0 && r.body.challenge.role == WCAP_ROLE_ADMIN);
    uint8_t first_nonce[WCAP_AUTH_NONCE_SIZE];
    memcpy(first_nonce, ad.nonce, sizeof first_nonce);
    CHECK(code_of(&ad, wcap_Request_remove_tag) == WCAP_E_DEV_NOT_FOUND);
    CHECK(code_of(&ad, wcap_Request_upload_end_tag) == WCAP_E_DEV_NO_UPLOAD);
    CHECK(code_of(&ad, wcap_Request_stop_tag) == WCAP_E_DEV_NOT_FOUND);

    /* a replay of the last request under a new seq: the counter is not newer */
    uint8_t saved[WCAP_FRAME_PAYLOAD_MAX];
    size_t saved_len = ad.last_len;
    memcpy(saved, ad.last, saved_len);
    CHECK(code_of(&ad, wcap_Request_info_tag) == 0); /* moves on */
    {
        wcap_Request rq = wcap_Request_init_zero;
        pb_istream_t is = pb_istream_from_buffer(saved, saved_len);
        CHECK(pb_decode(&is, wcap_Request_fields, &rq));
        /* the same bytes, same seq is not the last seq: executed? no, refused */
        r = send_payload(saved, saved_len);
        CHECK(r.code == WCAP_E_DEV_REPLAY);
        CHECK(strstr(logged, "refused a replayed request from ops") != NULL);
    }
    /* a flipped byte anywhere in the authenticated part: bad MAC */
    memcpy(saved, ad.last, ad.last_len);
    saved_len = ad.last_len;
    for (size_t i = 0; i + WCAP_AUTH_TRAILER_SIZE < saved_len; i++) {
        uint8_t t[WCAP_FRAME_PAYLOAD_MAX];
        memcpy(t, saved, saved_len);
        t[i] ^= 0x20;
        r = send_payload(t, saved_len);
        CHECK(r.code != 0);
    }
    /* a wrong key */
    peer_t wrong;
    r = begin(&wrong, "ops", reader_key);
    CHECK(r.code == 0);
    CHECK(code_of(&wrong, wcap_Request_remove_tag) == WCAP_E_DEV_AUTH_MAC);
    CHECK(strstr(logged, "refused a request with a bad MAC from ops") != NULL);
    /* the trailer not as the last field: refused as malformed */
    r = begin(&ad, "ops", admin_key);
    CHECK(r.code == 0 && memcmp(ad.nonce, first_nonce, sizeof first_nonce) != 0); /* a fresh nonce */
    {
        wcap_Request rq = wcap_Request_init_zero;
        rq.which_body = wcap_Request_info_tag;
        rq.has_auth = true;
        rq.auth.counter = 99;
        uint8_t p[WCAP_FRAME_PAYLOAD_MAX];
        pb_ostream_t os = pb_ostream_from_buffer(p, sizeof p);
        rq.seq = next_seq++;
        CHECK(pb_encode(&os, wcap_Request_fields, &rq));
        p[os.bytes_written++] = 0x08; /* seq again, after the trailer */
        p[os.bytes_written++] = 0x01;
        CHECK(send_payload(p, os.bytes_written).code == WCAP_E_DEV_MSG);
    }
    /* a new connection: the old MACs are worthless, nothing is authenticated yet */
    wcap_dev_link_reset(&dev);
    x = ad;
    CHECK(code_of(&x, wcap_Request_remove_tag) == WCAP_E_DEV_AUTH_MAC);
    CHECK(strstr(logged, "without AuthBegin") != NULL);
    /* the keys never reach the log */
    CHECK(strstr(logged, (const char *)admin_key) == NULL && strstr(logged, (const char *)reader_key) == NULL);
    CHECK(strstr(logged, "0123456789abcdef") == NULL && strstr(logged, "fedcba98") == NULL);
    CHECK(wcap_dev_slots_used(&dev) == 0);
    printf("%s", logged);
    CHECK_DONE();
}
