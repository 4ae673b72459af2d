/*
 * A first-fit arena allocator over a caller-supplied buffer, for capsule RAM
 * blocks (one per loaded capsule). Adjacent free blocks are coalesced on free.
 * Every block has a 16-byte header; alignment up to 64 is honoured.
 * Not thread-safe: one owner (the device service) calls it.
 */
#ifndef WCAP_HEAP_H
#define WCAP_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *base; /* 16-aligned start of the managed bytes */
    size_t size;   /* managed bytes (multiple of 16) */
    size_t used;   /* bytes in allocated blocks, headers included */
} wcap_heap_t;

#define WCAP_HEAP_HDR 16u

/* Takes over buf[0..len). Fails (returns -1) when len is too small for one block. */
int wcap_heap_init(wcap_heap_t *h, void *buf, size_t len);
/* First fit; NULL when no free block can hold `size` at `align` (power of two <= 64). */
void *wcap_heap_alloc(wcap_heap_t *h, size_t size, size_t align);
/* Frees a block from wcap_heap_alloc; NULL is ignored. */
void wcap_heap_free(wcap_heap_t *h, void *p);
/* Largest payload a 16-aligned allocation could get right now. */
size_t wcap_heap_largest_free(const wcap_heap_t *h);
size_t wcap_heap_used(const wcap_heap_t *h);

/* Adapters with the signatures of wcap_ldr_config_t's alloc/free/largest_free (user = heap). */
void *wcap_heap_cfg_alloc(void *user, size_t size, size_t align);
void wcap_heap_cfg_free(void *user, void *block);
size_t wcap_heap_cfg_largest_free(void *user);

#endif /* WCAP_HEAP_H */
