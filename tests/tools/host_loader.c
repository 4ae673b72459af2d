/* See host_loader.h. */
#include "host_loader.h"

#include <stdio.h>
#include <stdlib.h>

#include "host_keys.h"
#include "wcap/port_posix.h"
#include "wcap/symtab.h"

void wcap_host_loader_setup(wcap_host_loader_t *h, const char *pub, uint32_t default_time_ms, wcap_ldr_t *ld)
{
    size_t len;
    uint8_t *arena = wcap_posix_arena(&len);
    char err[256] = "";
    if (arena == NULL || wcap_heap_init(&h->heap, arena, len) != 0 ||
        wcap_host_load_pub(pub, &h->key, err, sizeof err) != 0) {
        fprintf(stderr, "setup failed: %s\n", err);
        exit(2);
    }
    h->cfg = (wcap_ldr_config_t){0};
    h->cfg.target = WCAP_TARGET_X86_64;
    h->cfg.keys = &h->key;
    h->cfg.n_keys = 1;
    h->cfg.symtab = wcap_rt_symtab();
    h->cfg.granted_caps = WCAP_CAP_ALL;
    h->cfg.max_mem = 1u << 20;
    h->cfg.max_stack = 256u * 1024u;
    h->cfg.default_time_ms = default_time_ms;
    h->cfg.alloc = wcap_heap_cfg_alloc;
    h->cfg.free = wcap_heap_cfg_free;
    h->cfg.largest_free = wcap_heap_cfg_largest_free;
    h->cfg.user = &h->heap;
    wcap_ldr_init(ld, &h->cfg);
}
