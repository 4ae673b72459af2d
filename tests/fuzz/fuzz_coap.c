/*
 * libFuzzer harness: wcapd's CoAP request handling (targets/posix/
 * coap_server.c and device/coap_srv.c on libcoap 3, notls) over a UDP socket on
 * 127.0.0.1. For every input a fresh server (libcoap context, endpoint,
 * resources) over a fresh device service (RAM store) is opened on the same
 * port, the input's datagrams are sent to it one by one from a client
 * socket, each handled with coap_io_process, and everything is closed again.
 * docs/fuzzing.md.
 *
 * Input: records [u16 length, little-endian] [that many bytes: one datagram]
 * (the last record may be short). Seeds: the datagrams of real requests
 * (coap-client-notls and `wcap ... --coap`: GET /capsules, a block-wise PUT
 * of a blob, POST of a call, DELETE, POST /run), tests/fuzz/make_seeds.sh.
 * Checked besides ASan/UBSan (libcoap itself is Debian's, not instrumented,
 * but its heap use is under ASan): all capsule RAM comes back at the end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <coap3/coap.h>

#include "coap_server.h"
#include "fuzz_common.h"

#define FUZZ_MAX_BODY (64u * 1024u) /* --coap-max-body of the server under test */

static int client = -1;
static uint16_t port;

static uint16_t free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
        perror("fuzz_coap: socket");
        exit(2);
    }
    close(fd);
    return ntohs(a.sin_port);
}

static void setup_once(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if ((client = socket(AF_INET, SOCK_DGRAM, 0)) < 0 || bind(client, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("fuzz_coap: client socket");
        exit(2);
    }
    port = free_port();
}

/* Opens the server on `port` (a new one if that was taken meanwhile). */
static void server_open(wcap_dev_t *dev)
{
    for (int tries = 0; tries < 5; tries++) {
        char spec[64], desc[128];
        snprintf(spec, sizeof spec, "udp:127.0.0.1:%u", (unsigned)port);
        wcapd_coap_cfg_t cc = {.spec = spec, .max_body = FUZZ_MAX_BODY, .tick_ms = 0, .idle_s = 60};
        if (wcapd_coap_open(&cc, dev, desc, sizeof desc) == 0) {
            coap_set_log_level(LOG_EMERG); /* no alerts about the fuzzer's RSTs */
            return;
        }
        wcapd_coap_close();
        port = free_port();
    }
    fprintf(stderr, "fuzz_coap: cannot open the CoAP server\n");
    exit(2);
}

static void drain_answers(void)
{
    uint8_t buf[2048];
    while (recv(client, buf, sizeof buf, MSG_DONTWAIT) >= 0) {
    }
}

/*
 * A known, unfixed crash of Debian's libcoap 4.3.1 (not of wcap's code), kept
 * out of the harness so that it can find everything else: in one client
 * session, a multi-block Block1 request to a path served by the unknown
 * resource (e.g. PUT /capsules/a, block 0 with M set) followed by a Block1
 * request to a different such path makes libcoap match the second request to
 * the first one's reassembly (coap_handle_request_put_block compares only the
 * resource, which is the same unknown resource for every dynamic path) and
 * dereference NULL. It is a remote denial of service of wcapd's CoAP server,
 * reproduced by two datagrams and listed in docs/coap.md ("Known limits") and
 * the session's notes; later libcoap releases fixed the matching. The filter:
 * within one input (one server session), every request carrying Block1 must
 * have the Uri-Path of the first one; others are not sent.
 * A second crash of the same function (found by fuzz.coap on 2026-12-06):
 * after a multi-block Block1 request (M set) to a path, a single-block one
 * (block 0, M clear) to the same path from another token dereferences NULL
 * too (two datagrams). Filtered the same way: once a Block1 with M set was
 * sent, a Block1 block 0 without M is not.
 */
static char block_path[256];
static int block_path_set;
static int block_more_seen;

/* Block1's NUM and M from the option's value (RFC 7959: NUM << 4 | M << 3 | SZX). */
static void block1_num_more(const coap_opt_t *opt, uint32_t *num, int *more)
{
    uint32_t v = coap_decode_var_bytes(coap_opt_value(opt), coap_opt_length(opt));
    *num = v >> 4;
    *more = (v & 8u) != 0;
}

static int known_libcoap_crash(const uint8_t *d, size_t len)
{
    coap_pdu_t *pdu = coap_pdu_init(0, 0, 0, len);
    coap_opt_iterator_t it;
    int skip = 0;

    if (pdu == NULL)
        return 0;
    coap_opt_t *b1;
    if (coap_pdu_parse(COAP_PROTO_UDP, d, len, pdu) && (b1 = coap_check_option(pdu, COAP_OPTION_BLOCK1, &it)) != NULL) {
        uint32_t num;
        int more;
        block1_num_more(b1, &num, &more);
        coap_string_t *path = coap_get_uri_path(pdu);
        char cur[sizeof block_path] = "";
        if (path != NULL) {
            size_t n = path->length < sizeof cur - 1 ? path->length : sizeof cur - 1;
            memcpy(cur, path->s, n);
            cur[n] = '\0';
            coap_delete_string(path);
        }
        if (!block_path_set) {
            memcpy(block_path, cur, sizeof block_path);
            block_path_set = 1;
        } else {
            skip = strcmp(block_path, cur) != 0;
        }
        skip |= block_more_seen && num == 0 && !more;
        block_more_seen |= more && !skip;
    }
    coap_delete_pdu(pdu);
    return skip;
}

static void send_datagram(const uint8_t *d, size_t len)
{
    if (known_libcoap_crash(d, len))
        return;
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (sendto(client, d, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
        return; /* e.g. longer than a datagram may be: nothing reaches the server */
    (void)wcapd_coap_step(COAP_IO_NO_WAIT);
    (void)wcapd_coap_step(COAP_IO_NO_WAIT);
    drain_answers();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wcap_dev_t dev;
    size_t pos = 0;

    if (client < 0)
        setup_once();
    wcap_fuzz_dev_setup(&dev, NULL);
    server_open(&dev);
    block_path_set = 0;
    block_more_seen = 0;
    while (pos + 2 <= size) {
        size_t len = (size_t)data[pos] | (size_t)data[pos + 1] << 8;
        pos += 2;
        len = len < size - pos ? len : size - pos;
        send_datagram(data + pos, len);
        pos += len;
    }
    wcapd_coap_close();
    drain_answers();
    wcap_fuzz_dev_teardown(&dev);
    return 0;
}
