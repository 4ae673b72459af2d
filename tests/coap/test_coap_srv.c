/*
 * coap.srv_interleave: device/coap_srv.c's Block1 streaming when other
 * callers speak in the middle of an upload, datagram by datagram as a board
 * sees them (no IP, no DTLS: the caller's role is set per datagram as the
 * board's DTLS layer does).
 *
 *   test_coap_srv KEY.pub svc_v1.wcap
 *
 * An admin (peer 1) uploads the capsule in 64-byte blocks. Between its blocks:
 * an anonymous caller's block 0 for the same name is refused 4.01 and drops
 * nothing; its block n is 4.08; a second admin's block n (another peer) is
 * 4.08; the admin's own retransmitted block (new MID) is 2.31 again, not fed
 * twice. The upload then completes (2.01) and the capsule is listed; nothing
 * was installed before the last block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h" /* tests/proto */
#include "host_keys.h"
#include "wcap/dev/coap_srv.h"
#include "wcap/dev/store_ram.h"
#include "wcap/heap.h"
#include "wcap/port_posix.h"
#include "wcap/symtab.h"

enum { SZX = 2, BS = 64, PEER_ADMIN = 1, PEER_ANON = 2, PEER_ADMIN2 = 3 };

static wcap_dev_t dev;
static wcap_coap_srv_t srv;
static wcap_dev_store_ram_t ram_store;
static wcap_dev_store_t store_if;
static wcap_heap_t heap;
static uint8_t store_buf[65536], blob[65536];
static uint16_t mid = 0x100;

/* One option: delta and length below 13 each (true of all options here but
 * the first Uri-Path, delta 11, and Size1, delta 33: one extension byte). */
static size_t opt(uint8_t *b, size_t pos, unsigned *last, unsigned num, const void *v, size_t n)
{
    unsigned d = num - *last;
    b[pos++] = (uint8_t)((d < 13 ? d : 13u) << 4 | n);
    if (d >= 13)
        b[pos++] = (uint8_t)(d - 13);
    memcpy(b + pos, v, n);
    *last = num;
    return pos + n;
}

static size_t uint_opt(uint8_t *b, size_t pos, unsigned *last, unsigned num, uint32_t v)
{
    uint8_t x[4];
    size_t n = 0;
    for (int sh = 24; sh >= 0; sh -= 8)
        if ((v >> sh) != 0 || n > 0)
            x[n++] = (uint8_t)(v >> sh);
    return opt(b, pos, last, num, x, n);
}

/* PUT /capsules/svc, block `num` of the blob; returns the answer's code
 * (class*100 + detail), 0 for none. */
static int put_block(uint32_t peer, uint8_t role, uint32_t num, size_t len, uint64_t now)
{
    uint8_t req[WCAP_COAP_DATAGRAM_MAX], out[WCAP_COAP_DATAGRAM_MAX];
    unsigned last = 0;
    size_t off = (size_t)num * BS, n = len - off < BS ? len - off : BS;
    int more = off + n < len;
    size_t pos = 0;

    req[pos++] = 0x41; /* version 1, CON, token length 1 */
    req[pos++] = 3;    /* PUT */
    req[pos++] = (uint8_t)(mid >> 8);
    req[pos++] = (uint8_t)mid++;
    req[pos++] = (uint8_t)peer;
    pos = opt(req, pos, &last, 11, "capsules", 8);
    pos = opt(req, pos, &last, 11, "svc", 3);
    pos = uint_opt(req, pos, &last, 27, num << 4 | (uint32_t)more << 3 | SZX);
    if (num == 0)
        pos = uint_opt(req, pos, &last, 60, (uint32_t)len);
    req[pos++] = 0xFF;
    memcpy(req + pos, blob + off, n);
    pos += n;
    wcap_dev_set_caller(&dev, role, role == WCAP_ROLE_ADMIN ? "admin" : NULL);
    size_t an = wcap_coap_srv_handle(&srv, peer, req, pos, out, sizeof out, now);
    return an >= 4 ? (out[1] >> 5) * 100 + (out[1] & 31) : 0;
}

static int listed(void)
{
    uint8_t req[32], out[WCAP_COAP_DATAGRAM_MAX];
    unsigned last = 0;
    size_t pos = 0;
    req[pos++] = 0x40;
    req[pos++] = 1; /* GET */
    req[pos++] = (uint8_t)(mid >> 8);
    req[pos++] = (uint8_t)mid++;
    pos = opt(req, pos, &last, 11, "capsules", 8);
    wcap_dev_set_caller(&dev, WCAP_ROLE_READER, NULL);
    size_t an = wcap_coap_srv_handle(&srv, PEER_ANON, req, pos, out, sizeof out, 0);
    if (an < 4 || out[1] != 0x45)
        return -1;
    for (size_t i = 4; i + 4 <= an; i++)
        if (memcmp(out + i, "svc ", 4) == 0)
            return 1;
    return 0;
}

static void setup(const wcap_trusted_key_t *key)
{
    static wcap_ldr_config_t lc;
    size_t arena_len = 0;
    uint8_t *arena = wcap_posix_arena(&arena_len); /* executable, as wcapd's */
    CHECK(arena != NULL && wcap_heap_init(&heap, arena, arena_len) == 0);
    wcap_dev_store_ram_init(&ram_store, store_buf, sizeof store_buf, &store_if);
    memset(&lc, 0, sizeof lc);
    lc.target = WCAP_TARGET_X86_64;
    lc.keys = key;
    lc.n_keys = 1;
    lc.symtab = wcap_rt_symtab();
    lc.granted_caps = WCAP_CAP_ALL;
    lc.max_mem = (uint32_t)arena_len;
    lc.max_stack = 65536;
    lc.alloc = wcap_heap_cfg_alloc;
    lc.free = wcap_heap_cfg_free;
    lc.largest_free = wcap_heap_cfg_largest_free;
    lc.user = &heap;
    wcap_dev_config_t dc = {.ldr = &lc,
                            .store = &store_if,
                            .firmware = "test",
                            .ram_total = (uint32_t)arena_len,
                            .anonymous_role = WCAP_ROLE_READER};
    wcap_dev_init(&dev, &dc);
    CHECK(wcap_dev_boot(&dev, NULL) == 0);
    wcap_coap_srv_init(&srv, &dev, sizeof blob, 20000u);
}

int main(int argc, char **argv)
{
    static wcap_trusted_key_t key;
    char err[256];
    FILE *f;
    size_t len;

    if (argc != 3 || wcap_host_load_pub(argv[1], &key, err, sizeof err) != 0 || (f = fopen(argv[2], "rb")) == NULL) {
        fprintf(stderr, "usage: test_coap_srv KEY.pub BLOB.wcap\n");
        return 2;
    }
    len = fread(blob, 1, sizeof blob, f);
    fclose(f);
    uint32_t blocks = (uint32_t)((len + BS - 1) / BS);
    if (blocks < 4) {
        fprintf(stderr, "test_coap_srv: the blob is too small (%zu bytes) for this test\n", len);
        return 2;
    }
    setup(&key);

    CHECK(put_block(PEER_ADMIN, WCAP_ROLE_ADMIN, 0, len, 1000) == 231);
    CHECK(put_block(PEER_ADMIN, WCAP_ROLE_ADMIN, 1, len, 1100) == 231);
    /* an anonymous caller's block 0: refused before anything changes */
    CHECK(put_block(PEER_ANON, WCAP_ROLE_READER, 0, len, 1200) == 401);
    CHECK(put_block(PEER_ANON, WCAP_ROLE_READER, 2, len, 1300) == 408);
    /* another admin joining in the middle: not its upload */
    CHECK(put_block(PEER_ADMIN2, WCAP_ROLE_ADMIN, 2, len, 1400) == 408);
    /* the admin's last block again (a retransmission with a new MID) */
    CHECK(put_block(PEER_ADMIN, WCAP_ROLE_ADMIN, 1, len, 1500) == 231);
    CHECK(listed() == 0);
    int code = 0;
    for (uint32_t b = 2; b < blocks; b++)
        code = put_block(PEER_ADMIN, WCAP_ROLE_ADMIN, b, len, 1600 + b);
    CHECK(code == 201);
    CHECK(listed() == 1);
    printf("coap.srv_interleave: %u blocks of %d bytes\n", (unsigned)blocks, BS);
    CHECK_DONE();
}
