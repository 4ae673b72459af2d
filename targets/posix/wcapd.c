/*
 * wcapd: a wcap device simulated as a Linux process (target x86_64-posix).
 *
 *   wcapd --serial tcp:127.0.0.1:PORT|pty|/dev/ttyX --trust KEY.pub [--trust K2.pub]
 *         --clients FILE | --insecure-dev  [--store DIR] [--ram BYTES] [--grant CAPS]
 *   wcapd --coaps udp:HOST:PORT [--coap udp:HOST:PORT] --clients FILE --trust KEY.pub [...]
 *
 * Runs in the foreground, prints one device-info line on stdout when ready,
 * and serves one host connection at a time with the portable device service.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board_api.h"
#include "wasm-rt.h"
#include "wcap/dev/service.h"
#include "wcap/heap.h"
#include "wcap/natives.h"
#include "wcap/port_posix.h"
#include "wcap/interp.h"
#include "wcap/symtab.h"
#include "clients_file.h"
#include "host_version.h"
#include "wcapd.h"
#include "coap_killpoint.h"
#include "coap_server.h"

#define WCAPD_MAX_KEYS 4

typedef struct {
    const char *serial, *store, *coap, *coaps, *clients;
    int insecure_dev;
    size_t coap_max_body;
    uint32_t tick_ms, coap_idle_s;
    const char *keys[WCAPD_MAX_KEYS];
    int n_keys;
    size_t ram;
    uint32_t caps;
    uint32_t noise; /* test only */
} wcapd_opts_t;

static wcap_dev_t dev; /* ~5 KB: static, like on a board */

static const struct {
    const char *name;
    uint32_t bit;
} cap_names[] = {
    {"log", WCAP_CAP_LOG},       {"time", WCAP_CAP_TIME},
    {"random", WCAP_CAP_RANDOM}, {"led", WCAP_CAP_LED},
    {"sensor", WCAP_CAP_SENSOR}, {"reply", WCAP_CAP_REPLY},
#define WCAP_API_CAP(cap, bit) {#cap, 1u << (bit)},
#define WCAP_API_FN(id, module, name, params, results, cap, impl)
#include "board_api.def" /* the example integrator API (kv, counter) */
#undef WCAP_API_CAP
#undef WCAP_API_FN
    {"all", 0xFFFFFFFFu},        {"none", 0},
};

static int parse_caps(const char *s, uint32_t *out)
{
    char buf[128];
    *out = 0;
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        size_t i = 0;
        while (i < sizeof cap_names / sizeof cap_names[0] && strcmp(cap_names[i].name, t) != 0)
            i++;
        if (i == sizeof cap_names / sizeof cap_names[0])
            return -1;
        *out |= cap_names[i].bit;
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: wcapd --version\n"
                    "       wcapd --serial tcp:HOST:PORT|pty|DEVICE --trust KEY.pub [--trust KEY2.pub]\n"
                    "             [--clients FILE | --insecure-dev]\n"
                    "             [--store DIR] [--ram BYTES] [--grant log,time,random,led,sensor,reply|all]\n"
                    "       wcapd --coaps udp:HOST:PORT [--coap udp:HOST:PORT] --clients FILE --trust KEY.pub [...]\n"
                    "             [--coap-max-body BYTES] [--tick-ms MS] [--coap-session-timeout S]\n"
                    "\n"
                    "  --clients FILE   who may manage the device: lines 'IDENTITY ROLE KEY', ROLE reader|admin,\n"
                    "                   KEY 32..64 characters (make one with: wcap client-key --identity ID ...).\n"
                    "                   Serial requests authenticate with an HMAC (wcap --identity --psk-file);\n"
                    "                   --coaps serves CoAP over DTLS with these pre-shared keys. Without a\n"
                    "                   credential a caller may only read (info, ls, monitor).\n"
                    "  --insecure-dev   development only: anyone who reaches the device may manage it.\n"
                    "  Without either, the device answers reads only (info, ls, monitor) and says so at start.\n"
                    "See docs/device-protocol.md and docs/coap.md.\n");
}

static int parse_args(int argc, char **argv, wcapd_opts_t *o)
{
    o->ram = WCAP_POSIX_ARENA_MAX;
    o->caps = 0xFFFFFFFFu; /* all: what the device has (wcap_natives_caps) */
    o->coap_max_body = WCAPD_COAP_MAX_BODY_DEFAULT;
    o->tick_ms = 1000;
    o->coap_idle_s = 60;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--insecure-dev")) {
            o->insecure_dev = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return -1;
        if (!strcmp(a, "--version")) {
            printf("wcapd %s (git %s)\n", wcap_version(), wcap_git_commit());
            exit(0);
        }
        if (v == NULL) {
            fprintf(stderr, "wcapd: error: %s needs a value\n", a);
            return -1;
        }
        i++;
        if (!strcmp(a, "--serial")) {
            o->serial = v;
        } else if (!strcmp(a, "--coap")) {
            o->coap = v;
        } else if (!strcmp(a, "--coaps")) {
            o->coaps = v;
        } else if (!strcmp(a, "--clients")) {
            o->clients = v;
        } else if (!strcmp(a, "--coap-max-body") || !strcmp(a, "--tick-ms") || !strcmp(a, "--coap-session-timeout")) {
            char *end;
            unsigned long n = strtoul(v, &end, 10);
            if (*end != '\0' || n > 64ul * 1024 * 1024) {
                fprintf(stderr, "wcapd: error: bad %s '%s'\n", a, v);
                return -1;
            }
            if (!strcmp(a, "--coap-max-body"))
                o->coap_max_body = n;
            else if (a[2] == 'c')
                o->coap_idle_s = (uint32_t)n;
            else
                o->tick_ms = (uint32_t)n;
        } else if (!strcmp(a, "--store")) {
            o->store = v;
        } else if (!strcmp(a, "--trust")) {
            if (o->n_keys == WCAPD_MAX_KEYS) {
                fprintf(stderr, "wcapd: error: at most %d --trust keys\n", WCAPD_MAX_KEYS);
                return -1;
            }
            o->keys[o->n_keys++] = v;
        } else if (!strcmp(a, "--ram")) {
            char *end;
            unsigned long long n = strtoull(v, &end, 0);
            if (*end != '\0' || n < 4096 || n > WCAP_POSIX_ARENA_MAX) {
                fprintf(stderr, "wcapd: error: --ram must be 4096..%u bytes\n", WCAP_POSIX_ARENA_MAX);
                return -1;
            }
            o->ram = (size_t)n;
        } else if (!strcmp(a, "--noise")) { /* test only: damage every Nth received byte */
            char *end;
            unsigned long n = strtoul(v, &end, 10);
            if (*end != '\0' || n < 2 || n > 1000000) {
                fprintf(stderr, "wcapd: error: --noise wants 2..1000000\n");
                return -1;
            }
            o->noise = (uint32_t)n;
        } else if (!strcmp(a, "--grant")) {
            if (parse_caps(v, &o->caps) != 0) {
                fprintf(stderr, "wcapd: error: bad --grant '%s'\n", v);
                return -1;
            }
        } else {
            fprintf(stderr, "wcapd: error: unknown option %s\n", a);
            return -1;
        }
    }
    if ((o->serial == NULL) == (o->coap == NULL && o->coaps == NULL) || o->n_keys == 0) {
        fprintf(stderr, "wcapd: error: --serial or --coap/--coaps (not both), and at least one --trust, are "
                        "required\n");
        return -1;
    }
    if (o->coaps != NULL && o->clients == NULL) {
        fprintf(stderr, "wcapd: error: --coaps needs --clients FILE (the DTLS pre-shared keys)\n");
        return -1;
    }
    return 0;
}

/* The service's refusals (identity, never the key). */
static void log_line(void *user, const char *line)
{
    (void)user;
    fprintf(stderr, "wcapd: %s\n", line);
}

static void boot_report(const char *name, int err)
{
    fprintf(stderr, "wcapd: stored capsule %s not loaded: %s\n", name, wcap_strerror(err));
}

static void print_ready(const char *port, const wcap_ldr_config_t *c, size_t ram, uint32_t loaded)
{
    printf("wcapd ready: target=x86_64-posix abi=%u ram=%zu ram_free=%zu slots=%u loaded=%u keys=", WCAP_ABI_VERSION,
           ram, c->largest_free(c->user), (unsigned)WCAP_DEV_SLOTS, (unsigned)loaded);
    for (size_t k = 0; k < c->n_keys; k++) {
        printf(k ? "," : "");
        for (size_t i = 0; i < WCAP_KEY_ID_SIZE; i++)
            printf("%02x", c->keys[k].key_id[i]);
    }
    printf(" port=%s\n", port);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    static wcap_trusted_key_t keys[WCAPD_MAX_KEYS];
    static wcapd_store_t store;
    static wcapd_link_t link;
    static wcap_heap_t heap;
    static wcap_clients_t clients;
    wcap_dev_store_t store_if;
    wcap_dev_transport_t tp;
    wcap_ldr_config_t lc;
    wcapd_opts_t o = {0};
    size_t arena_len;
    uint8_t *arena;

    if (parse_args(argc, argv, &o) != 0) {
        usage();
        return 2;
    }
    if (o.clients && wcap_clients_load("wcapd", o.clients, &clients) != 0)
        return 3;
    if (o.clients == NULL && !o.insecure_dev)
        fprintf(stderr, "wcapd: warning: no --clients FILE: nobody can manage this device, it answers reads only "
                        "(info, ls). Give --clients FILE (lines 'IDENTITY ROLE KEY', see wcap client-key), or "
                        "--insecure-dev for development.\n");
    if (o.insecure_dev)
        fprintf(stderr, "wcapd: WARNING: --insecure-dev: ANYONE WHO REACHES THIS DEVICE MAY INSTALL, RUN AND "
                        "REMOVE CAPSULES. Development only; give --clients FILE instead.\n");
    for (int i = 0; i < o.n_keys; i++)
        if (wcapd_key_load(o.keys[i], &keys[i]) != 0)
            return 3;
    if ((arena = wcap_posix_arena(&arena_len)) == NULL || wcap_heap_init(&heap, arena, o.ram) != 0) {
        fprintf(stderr, "wcapd: error: cannot set up the capsule arena\n");
        return 4;
    }
    if (o.store && wcapd_store_open(&store, o.store, &store_if) != 0)
        return 5;
    if (o.store)
        wcapd_killpoint_wrap(&store_if); /* test only, from the environment */
    if (o.serial && wcapd_link_open(&link, o.serial, &tp) != 0)
        return 6;
    link.noise_every = o.noise;
    signal(SIGPIPE, SIG_IGN);
    wasm_rt_init();

    memset(&lc, 0, sizeof lc);
    lc.target = WCAP_TARGET_X86_64;
    lc.keys = keys;
    lc.n_keys = (size_t)o.n_keys;
    lc.symtab = wcap_rt_symtab();
    if (wcap_board_api_register() != WCAP_OK) {
        fprintf(stderr, "wcapd: error: the integrator API table (board_api.def) is invalid\n");
        return 4;
    }
    lc.granted_caps = o.caps & wcap_natives_caps();
    lc.max_mem = (uint32_t)o.ram;
    lc.max_stack = 256u * 1024u;
    lc.default_time_ms = 5000;
    lc.max_time_ms = 60000;
    lc.alloc = wcap_heap_cfg_alloc;
    lc.free = wcap_heap_cfg_free;
    lc.largest_free = wcap_heap_cfg_largest_free;
    lc.interp = &wcap_interp_engine;
    lc.user = &heap;
    wcap_dev_config_t dc = {.ldr = &lc,
                            .store = o.store ? &store_if : NULL,
                            .transport = o.serial ? &tp : NULL,
                            .firmware = "wcapd "
                                        "0.1",
                            .ram_total = (uint32_t)o.ram,
                            .clients = clients.list,
                            .n_clients = clients.n,
                            .anonymous_role = o.insecure_dev ? WCAP_ROLE_ADMIN : WCAP_ROLE_READER,
                            .log = log_line};
    wcap_dev_init(&dev, &dc);
    int coap = o.coap != NULL || o.coaps != NULL;
    if (coap) {
        wcapd_coap_cfg_t cc = {o.coap, o.coaps, clients.list, clients.n, o.coap_max_body, o.tick_ms, o.coap_idle_s};
        if (wcapd_coap_open(&cc, &dev, link.desc, sizeof link.desc) != 0)
            return 6;
    }
    int loaded = wcap_dev_boot(&dev, boot_report);
    print_ready(link.desc, &lc, o.ram, (uint32_t)(loaded < 0 ? 0 : loaded));
    if (coap)
        return wcapd_coap_serve() == 0 ? 0 : 7;

    for (;;) {
        if (wcapd_link_wait(&link) != 0) {
            perror("wcapd: accept");
            return 7;
        }
        wcap_dev_link_reset(&dev);
        /* Running capsules tick every --tick-ms while a host is connected;
         * their output goes to it as events (wcap monitor). */
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        while (wcap_dev_poll(&dev, o.tick_ms < 200 ? o.tick_ms : 200) >= 0) {
            struct timespec t;
            clock_gettime(CLOCK_MONOTONIC, &t);
            if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >= (long)o.tick_ms) {
                t0 = t;
                (void)wcap_dev_tick(&dev);
            }
        }
        wcapd_link_drop(&link);
        if (link.listen_fd < 0) /* a tty that failed: do not spin while it is gone */
            nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
}
