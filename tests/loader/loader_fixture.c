/* Loader test fixture (see loader_fixture.h). */
#include "loader_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "wcap/port_posix.h"
#include "wcap/symtab.h"

static int check_version(void *user, const char *name, uint32_t version)
{
    const fx_t *f = (const fx_t *)user;
    (void)name;
    return version > f->floor ? WCAP_OK : WCAP_E_LDR_ROLLBACK;
}

static void *fx_alloc(void *user, size_t size, size_t align)
{
    return wcap_heap_alloc(&((fx_t *)user)->heap, size, align);
}
static void fx_free(void *user, void *b)
{
    wcap_heap_free(&((fx_t *)user)->heap, b);
}
static size_t fx_largest(void *user)
{
    return wcap_heap_largest_free(&((fx_t *)user)->heap);
}

void fx_init(fx_t *f, size_t heap_bytes)
{
    size_t len;
    uint8_t *arena = wcap_posix_arena(&len);
    memset(f, 0, sizeof *f);
    if (arena == NULL || wcap_heap_init(&f->heap, arena, heap_bytes && heap_bytes < len ? heap_bytes : len) != 0) {
        abort();
    }
    tb_key(1, &f->key);
    f->cfg.target = WCAP_TARGET_X86_64;
    f->cfg.keys = &f->key;
    f->cfg.n_keys = 1;
    f->cfg.symtab = wcap_rt_symtab();
    f->cfg.granted_caps = WCAP_CAP_ALL;
    f->cfg.max_mem = 1u << 20;
    f->cfg.max_stack = 256u * 1024u;
    f->cfg.default_time_ms = 1000;
    f->cfg.check_version = check_version;
    f->cfg.alloc = fx_alloc;
    f->cfg.free = fx_free;
    f->cfg.largest_free = fx_largest;
    f->cfg.user = f;
    wcap_ldr_init(&f->ld, &f->cfg);
}

int fx_load(fx_t *f, const uint8_t *data, size_t len, size_t chunk, wcap_capsule_t *out)
{
    size_t off = 0;
    int rc = wcap_ldr_begin(&f->ld, out);
    if (chunk == 0) {
        chunk = len ? len : 1;
    }
    while (rc == WCAP_OK && off < len) {
        size_t n = len - off < chunk ? len - off : chunk;
        rc = wcap_ldr_feed(&f->ld, data + off, n);
        off += n;
    }
    return rc == WCAP_OK ? wcap_ldr_finish(&f->ld) : rc;
}

int fx_load_spec(fx_t *f, const tb_spec_t *spec, wcap_capsule_t *out)
{
    tb_blob_t b;
    int rc;
    tb_build(spec, &b);
    rc = fx_load(f, b.data, b.len, 64, out);
    free(b.data);
    return rc;
}
