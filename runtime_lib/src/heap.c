/*
 * First-fit arena: an implicit list of blocks, each [header | payload].
 * header.size is the whole block (header included, multiple of 16), and
 * header.used marks an allocated block. Free merges all adjacent free blocks.
 */
#include "wcap/heap.h"

typedef struct {
    size_t size;
    size_t used;
} wcap_heap_hdr_t;

typedef char wcap_heap_hdr_fits[(sizeof(wcap_heap_hdr_t) <= WCAP_HEAP_HDR) ? 1 : -1];

#define HDR(p) ((wcap_heap_hdr_t *)(void *)(p))

static uintptr_t up(uintptr_t v, size_t a)
{
    return (v + a - 1u) & ~(uintptr_t)(a - 1u);
}

int wcap_heap_init(wcap_heap_t *h, void *buf, size_t len)
{
    uintptr_t start = up((uintptr_t)buf, WCAP_HEAP_HDR);
    uintptr_t end = ((uintptr_t)buf + len) & ~(uintptr_t)(WCAP_HEAP_HDR - 1u);
    h->base = NULL;
    h->size = 0;
    h->used = 0;
    if (buf == NULL || end <= start || end - start < 2u * WCAP_HEAP_HDR) {
        return -1;
    }
    h->base = (uint8_t *)start;
    h->size = (size_t)(end - start);
    HDR(h->base)->size = h->size;
    HDR(h->base)->used = 0;
    return 0;
}

/* Splits block b (free, b_size bytes) so that a new block starts at `at`. */
static void split(uint8_t *b, uint8_t *at)
{
    size_t total = HDR(b)->size;
    size_t first = (size_t)(at - b);
    HDR(b)->size = first;
    HDR(at)->size = total - first;
    HDR(at)->used = 0;
}

void *wcap_heap_alloc(wcap_heap_t *h, size_t size, size_t align)
{
    uint8_t *b, *end = h->base + h->size;
    size_t need;

    if (h->base == NULL || size == 0u || size > h->size || align == 0u || align > 64u || (align & (align - 1u)) != 0u) {
        return NULL;
    }
    if (align < WCAP_HEAP_HDR) {
        align = WCAP_HEAP_HDR;
    }
    need = (size_t)up(size, WCAP_HEAP_HDR) + WCAP_HEAP_HDR;
    for (b = h->base; b < end; b += HDR(b)->size) {
        uint8_t *blk = b;
        uintptr_t pay = up((uintptr_t)b + WCAP_HEAP_HDR, align);
        size_t lead;
        if (HDR(b)->used) {
            continue;
        }
        lead = (size_t)(pay - WCAP_HEAP_HDR - (uintptr_t)b);
        if (lead != 0u && lead < 2u * WCAP_HEAP_HDR) {
            pay += align; /* leave room for a free leading block */
            lead += align;
        }
        if (lead + need > HDR(b)->size) {
            continue;
        }
        if (lead != 0u) {
            blk = (uint8_t *)(pay - WCAP_HEAP_HDR);
            split(b, blk);
        }
        if (HDR(blk)->size - need >= 2u * WCAP_HEAP_HDR) {
            split(blk, blk + need);
        }
        HDR(blk)->used = 1;
        h->used += HDR(blk)->size;
        return blk + WCAP_HEAP_HDR;
    }
    return NULL;
}

static void coalesce(wcap_heap_t *h)
{
    uint8_t *b = h->base, *end = h->base + h->size;
    while (b < end) {
        uint8_t *n = b + HDR(b)->size;
        if (!HDR(b)->used && n < end && !HDR(n)->used) {
            HDR(b)->size += HDR(n)->size;
        } else {
            b = n;
        }
    }
}

void wcap_heap_free(wcap_heap_t *h, void *p)
{
    uint8_t *b, *end;
    if (p == NULL || h->base == NULL) {
        return;
    }
    end = h->base + h->size;
    for (b = h->base; b < end; b += HDR(b)->size) {
        if (b + WCAP_HEAP_HDR == (uint8_t *)p && HDR(b)->used) {
            HDR(b)->used = 0;
            h->used -= HDR(b)->size;
            coalesce(h);
            return;
        }
    }
    /* Not a block of this heap: ignored rather than corrupting the list. */
}

size_t wcap_heap_largest_free(const wcap_heap_t *h)
{
    size_t best = 0;
    uint8_t *b, *end = h->base + h->size;
    if (h->base == NULL) {
        return 0;
    }
    for (b = h->base; b < end; b += HDR(b)->size) {
        if (!HDR(b)->used && HDR(b)->size - WCAP_HEAP_HDR > best) {
            best = HDR(b)->size - WCAP_HEAP_HDR;
        }
    }
    return best;
}

size_t wcap_heap_used(const wcap_heap_t *h)
{
    return h->used;
}

void *wcap_heap_cfg_alloc(void *user, size_t size, size_t align)
{
    return wcap_heap_alloc((wcap_heap_t *)user, size, align);
}

void wcap_heap_cfg_free(void *user, void *block)
{
    wcap_heap_free((wcap_heap_t *)user, block);
}

size_t wcap_heap_cfg_largest_free(void *user)
{
    return wcap_heap_largest_free((const wcap_heap_t *)user);
}
