/* See fuzz_common.h. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>

#include "host_keys.h"
#include "wasm-rt.h"
#include "wcap/dev/store_ram.h"
#include "wcap/port_posix.h"
#include "wcap/symtab.h"

#define FUZZ_RAM (1024u * 1024u)  /* capsule RAM of the device under test */
#define FUZZ_STORE (192u * 1024u) /* its RAM store */
#define FUZZ_TIME_MS 50u          /* per call: fuzzed arguments must not stall a run */

static wcap_heap_t heap;

const wcap_trusted_key_t *wcap_fuzz_key(void)
{
    static wcap_trusted_key_t key;
    static int ready;
    char err[256] = "";

    if (!ready) {
        if (wcap_host_load_pub(WCAP_FUZZ_KEY, &key, err, sizeof err) != 0) {
            fprintf(stderr, "fuzz: cannot load %s: %s\n", WCAP_FUZZ_KEY, err);
            exit(2);
        }
        ready = 1;
    }
    return &key;
}

wcap_heap_t *wcap_fuzz_heap(void)
{
    size_t len;
    uint8_t *arena = wcap_posix_arena(&len);

    if (arena == NULL || wcap_heap_init(&heap, arena, len < FUZZ_RAM ? len : FUZZ_RAM) != 0) {
        fprintf(stderr, "fuzz: cannot set up the capsule arena\n");
        exit(2);
    }
    return &heap;
}

void wcap_fuzz_heap_check_empty(const char *where)
{
    if (wcap_heap_used(&heap) != 0) {
        fprintf(stderr, "fuzz: %zu bytes of capsule RAM not given back (%s)\n", wcap_heap_used(&heap), where);
        abort();
    }
}

/* The device's configuration: wcapd's (targets/posix/wcapd.c) with a RAM
 * store, 1 MiB of capsule RAM, every capability and short time budgets.
 * The one place to adapt when the service gains options: with authentication
 * (handshake + per-request MAC, DTLS), run it in its development/insecure
 * mode here, or give it a fixed key and put the handshake into the seeds. */
static void fuzz_dev_config(wcap_ldr_config_t *lc, wcap_dev_config_t *dc, const wcap_dev_store_t *store,
                            const wcap_dev_transport_t *tp)
{
    *lc = (wcap_ldr_config_t){0};
    lc->target = WCAP_TARGET_X86_64;
    lc->keys = wcap_fuzz_key();
    lc->n_keys = 1;
    lc->symtab = wcap_rt_symtab();
    lc->granted_caps = WCAP_CAP_ALL;
    lc->max_mem = FUZZ_RAM / 2;
    lc->max_stack = 256u * 1024u;
    lc->default_time_ms = FUZZ_TIME_MS;
    lc->max_time_ms = FUZZ_TIME_MS;
    lc->alloc = wcap_heap_cfg_alloc;
    lc->free = wcap_heap_cfg_free;
    lc->largest_free = wcap_heap_cfg_largest_free;
    lc->user = &heap;
    /* One known client, so AuthBegin and the MAC trailer are parsed and
     * checked, and anonymous callers are admins (as wcapd --insecure-dev), so
     * mutated requests without a valid MAC still reach every handler. */
    static const uint8_t key[] = "fuzz-client-key-0123456789abcdef";
    static const wcap_auth_client_t clients[] = {{"fuzz", WCAP_ROLE_ADMIN, 32, key}};
    *dc = (wcap_dev_config_t){.ldr = lc,
                              .store = store,
                              .transport = tp,
                              .firmware = "wcap-fuzz",
                              .ram_total = FUZZ_RAM,
                              .clients = clients,
                              .n_clients = 1,
                              .anonymous_role = WCAP_ROLE_ADMIN};
}

static wcap_ldr_config_t ldr_cfg;
static wcap_dev_store_t store_if;

static void dev_start(wcap_dev_t *dev, const wcap_dev_transport_t *tp)
{
    wcap_dev_config_t dc;

    fuzz_dev_config(&ldr_cfg, &dc, &store_if, tp);
    wcap_dev_init(dev, &dc);
    if (!wasm_rt_is_initialized())
        wasm_rt_init();
    (void)wcap_dev_boot(dev, NULL);
    wcap_dev_link_reset(dev);
}

void wcap_fuzz_dev_setup(wcap_dev_t *dev, const wcap_dev_transport_t *tp)
{
    static uint8_t store_buf[FUZZ_STORE];
    static wcap_dev_store_ram_t store;

    (void)wcap_fuzz_heap();
    wcap_dev_store_ram_init(&store, store_buf, sizeof store_buf, &store_if);
    dev_start(dev, tp);
}

void wcap_fuzz_dev_reboot(wcap_dev_t *dev, const wcap_dev_transport_t *tp)
{
    wcap_fuzz_dev_teardown(dev);
    dev_start(dev, tp);
}

void wcap_fuzz_dev_teardown(wcap_dev_t *dev)
{
    wcap_ldr_abort(&dev->ld);
    if (dev->up.storing && dev->cfg.store != NULL)
        dev->cfg.store->write_abort(dev->cfg.store->user);
    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++)
        wcap_capsule_unload(&dev->slots[i].cap, &dev->ldr_cfg);
    wcap_fuzz_heap_check_empty("device service");
}
