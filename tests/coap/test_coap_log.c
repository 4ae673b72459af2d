/*
 * coap.srv_log: GET /log?since=N of device/coap_srv.c over the device
 * service, request by request as wcapd hands them over (whole requests):
 *
 *   test_coap_log KEY.pub svc_v1.wcap
 *
 * No ring: 4.04. A device whose anonymous role is none refuses an anonymous
 * caller 4.01 and answers a reader; `since` is parsed strictly (4.00 for
 * anything but a decimal 0..4294967295); what a capsule logs during a
 * request (svc's init at install) is the request's, not the log's; what it
 * logs at boot is (svc's init again); lines lost to the ring's overwriting
 * are counted; a `since` beyond the newest line answers nothing but the
 * newest number; an answer too small for every line says "more 1" and the
 * next poll gets the rest.
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

static wcap_dev_t dev;
static wcap_coap_srv_t srv;
static wcap_dev_store_ram_t ram_store;
static wcap_dev_store_t store_if;
static wcap_heap_t heap;
static wcap_ldr_config_t lc;
static wcap_log_ring_t ring;
static uint8_t store_buf[65536], blob[65536], ring_buf[512];
static char text[WCAP_COAP_TEXT_MAX + 1];
static uint32_t boot_id = 1000; /* the ring's boot number, one more per device() */

/* The status line GET /log ends with; two at a time may be in use. */
static const char *status(unsigned next, unsigned lost, int more)
{
    static char b[2][80];
    static int k;
    k ^= 1;
    snprintf(b[k], sizeof b[k], "next %u lost %u more %d boot %u\n", next, lost, more, (unsigned)boot_id);
    return b[k];
}

/* text == a followed by b */
static int text_is(const char *a, const char *b)
{
    size_t n = strlen(a);
    return !strncmp(text, a, n) && !strcmp(text + n, b);
}

/* A whole request (method 1 GET, 2 POST, 3 PUT) as `role`; the answer's code, its text in `text`. */
static int request(int method, const char *p0, const char *p1, const char *query, uint8_t role, const uint8_t *body,
                   size_t len)
{
    wcap_coap_req_t r;
    memset(&r, 0, sizeof r);
    r.code = (uint8_t)method;
    wcap_coap_req_add(&r, 11, (const uint8_t *)p0, strlen(p0));
    if (p1 != NULL)
        wcap_coap_req_add(&r, 11, (const uint8_t *)p1, strlen(p1));
    if (query != NULL)
        wcap_coap_req_add(&r, 15, (const uint8_t *)query, strlen(query));
    r.payload = body;
    r.payload_len = len;
    wcap_dev_set_caller(&dev, role, role == WCAP_ROLE_NONE ? NULL : "someone");
    int code = wcap_coap_srv_route(&srv, 1, &r, 0);
    memcpy(text, srv.text_buf, srv.text_len);
    text[srv.text_len] = '\0';
    return code;
}

static int get_log(const char *query)
{
    return request(1, "log", NULL, query, WCAP_ROLE_READER, NULL, 0);
}

static void device(uint8_t anonymous_role, int with_ring)
{
    wcap_dev_config_t dc = {.ldr = &lc,
                            .store = &store_if,
                            .firmware = "test",
                            .ram_total = (uint32_t)lc.max_mem,
                            .anonymous_role = anonymous_role};
    wcap_dev_init(&dev, &dc);
    boot_id++;
    if (with_ring) {
        CHECK(wcap_log_init(&ring, ring_buf, sizeof ring_buf, boot_id) == WCAP_OK);
        wcap_dev_set_log(&dev, &ring);
    }
    (void)wcap_dev_boot(&dev, NULL);
    wcap_coap_srv_init(&srv, &dev, sizeof blob, 20000u);
}

static void setup(const wcap_trusted_key_t *key)
{
    size_t arena_len = 0;
    uint8_t *arena = wcap_posix_arena(&arena_len);
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
}

static void test_refusals(size_t len)
{
    static const char *const bad[] = {
        "since=",   "since=x",  "since=-1", "since=4294967296", "since=00000000000", "since=1 ",
        "since=+1", "sincex=1", "foo",      "since=0x10",       "since=1e3",         "Since=1"};
    device(WCAP_ROLE_NONE, 0);
    CHECK(request(1, "log", NULL, NULL, WCAP_ROLE_READER, NULL, 0) == 404 && strstr(text, "keeps no log") != NULL);
    device(WCAP_ROLE_NONE, 1);
    CHECK(request(1, "log", NULL, NULL, WCAP_ROLE_NONE, NULL, 0) == 401 && strstr(text, "authentication") != NULL);
    CHECK(get_log(NULL) == 205 && text_is("", status(0, 0, 0)));
    CHECK(request(2, "log", NULL, NULL, WCAP_ROLE_ADMIN, NULL, 0) == 405);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int code = get_log(bad[i]);
        CHECK(code == 400 && strstr(text, "GET /log takes ?since=N") != NULL);
        if (code != 400)
            fprintf(stderr, "  query '%s': %d %s", bad[i], code, text);
    }
    CHECK(get_log("since=4294967295") == 205 && text_is("", status(0, 0, 0)));
    CHECK(get_log("since=0000000007") == 205 && text_is("", status(0, 0, 0)));
    /* what init logs at install is the PUT's answer, not the log's */
    CHECK(request(3, "capsules", "svc", NULL, WCAP_ROLE_ADMIN, blob, len) == 201 && strstr(text, "svc init v1\n"));
    CHECK(get_log("since=0") == 205 && text_is("", status(0, 0, 0)));
}

static void test_lines(void)
{
    char want[128];
    /* a reboot: the stored svc loads again and its init logs into the ring */
    device(WCAP_ROLE_NONE, 1);
    CHECK(get_log("since=0") == 205 && text_is("1 svc svc init v1\n", status(1, 0, 0)));
    CHECK(get_log("since=1") == 205 && text_is("", status(1, 0, 0)));
    CHECK(get_log("since=77") == 205 && text_is("", status(1, 0, 0))); /* beyond: the newest */
    /* 60 lines more through a 512-byte ring: the oldest are overwritten */
    for (int i = 2; i <= 61; i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "line %d", i);
        wcap_log_write(&ring, "ticker", (const uint8_t *)line, (size_t)n, 1);
    }
    uint32_t lost = wcap_log_lost(&ring, 0);
    CHECK(lost > 1 && lost < 60);
    CHECK(get_log("since=0") == 205);
    snprintf(want, sizeof want, "%u ticker line %u\n", (unsigned)lost + 1, (unsigned)lost + 1);
    CHECK(!strncmp(text, want, strlen(want)));
    snprintf(want, sizeof want, "61 ticker line 61\n%s", status(61, (unsigned)lost, 0));
    CHECK(strlen(text) > strlen(want) && !strcmp(text + strlen(text) - strlen(want), want));
    CHECK(get_log("since=60") == 205 && text_is("61 ticker line 61\n", status(61, 0, 0)));
    /* a reader that fell behind by one line more than the ring holds */
    snprintf(want, sizeof want, "since=%u", (unsigned)lost - 1);
    CHECK(get_log(want) == 205 && strstr(text, "lost 1 more 0 boot") != NULL);
    /* a small answer buffer: "more 1", and the next poll continues */
    static char small[160];
    wcap_coap_srv_set_text(&srv, small, sizeof small);
    CHECK(get_log("since=0") == 205 && strstr(text, " more 1 boot") != NULL && strlen(text) < sizeof small);
    unsigned long next = 0, l = 0;
    const char *st = strstr(text, "next ");
    CHECK(st != NULL && sscanf(st, "next %lu lost %lu", &next, &l) == 2 && l == lost && next > lost + 1 && next < 61);
    snprintf(want, sizeof want, "since=%lu", next);
    CHECK(get_log(want) == 205);
    snprintf(want, sizeof want, "%lu ticker line %lu\n", next + 1, next + 1);
    CHECK(!strncmp(text, want, strlen(want)) && strstr(text, "lost 0") != NULL);
}

int main(int argc, char **argv)
{
    static wcap_trusted_key_t key;
    char err[256];
    FILE *f;
    size_t len;

    if (argc != 3 || wcap_host_load_pub(argv[1], &key, err, sizeof err) != 0 || (f = fopen(argv[2], "rb")) == NULL) {
        fprintf(stderr, "usage: test_coap_log KEY.pub BLOB.wcap\n");
        return 2;
    }
    len = fread(blob, 1, sizeof blob, f);
    fclose(f);
    setup(&key);
    test_refusals(len);
    test_lines();
    CHECK_DONE();
}
