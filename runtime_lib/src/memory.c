/*
 * Linear memory and tables, carved from the running capsule's region
 * (docs/memory-model.md). Memory is reserved once at its maximum
 * (c->mem_reserve bytes) and never moves; growth only raises `size`.
 * A memory smaller than one page is allowed: `size` is then below
 * pages * 64 KiB and accesses beyond `size` trap.
 */
#include <stdint.h>
#include <string.h>

#include "wcap/rt.h"
#include "wcap/rt_config.h"

#define WCAP_PAGE 65536u
#define WCAP_MEM_MAX_BYTES 0xFFFF0000u /* 65535 pages */

static uintptr_t align_up(uintptr_t v, size_t align)
{
    return (v + (align - 1u)) & ~(uintptr_t)(align - 1u);
}

void *wcap_region_alloc(wcap_region_t *r, size_t size, size_t align)
{
    uintptr_t start = align_up((uintptr_t)(r->base + r->used), align);
    size_t off = (size_t)(start - (uintptr_t)r->base);
    if (off > r->size || size > r->size - off) {
        return NULL;
    }
    r->used = off + size;
    return r->base + off;
}

void *wcap_region_alloc_top(wcap_region_t *r, size_t size, size_t align)
{
    uintptr_t end = (uintptr_t)(r->base + r->size);
    uintptr_t start;
    if (size > r->size - r->used) {
        return NULL;
    }
    start = (end - size) & ~(uintptr_t)(align - 1u);
    if (start < (uintptr_t)(r->base + r->used)) {
        return NULL;
    }
    r->size = (size_t)(start - (uintptr_t)r->base);
    return (void *)start;
}

static WASM_RT_NO_RETURN void arena_exhausted(void)
{
    if (wcap_rt_current != NULL) {
        wcap_rt_current->rt_error = WCAP_E_RT_ARENA;
    }
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
}

static uint32_t pages_for(uint32_t bytes)
{
    return (uint32_t)(((uint64_t)bytes + WCAP_PAGE - 1u) / WCAP_PAGE);
}

void wasm_rt_allocate_memory(wasm_rt_memory_t *mem, uint32_t initial_pages, uint32_t max_pages)
{
    wcap_rt_capsule_t *c = wcap_rt_current;
    uint64_t want = (uint64_t)initial_pages * WCAP_PAGE;
    uint8_t *data;

    if (c == NULL || c->memory != NULL) {
        arena_exhausted(); /* one memory per capsule */
    }
    data = wcap_region_alloc_top(&c->region, c->mem_reserve, WCAP_RT_ALIGN);
    if (data == NULL && c->mem_reserve != 0u) {
        arena_exhausted();
    }
    mem->data = data;
    mem->size = (uint32_t)(want < c->mem_reserve ? want : c->mem_reserve);
    mem->size = mem->size < WCAP_MEM_MAX_BYTES ? mem->size : WCAP_MEM_MAX_BYTES;
    mem->pages = pages_for(mem->size);
    mem->max_pages = max_pages;
    /* At most 65535 pages: merged bounds checks (host/compiler/wasm_checks.c) rely on
     * every address within 64 KiB of 4 GiB lying outside the memory. */
    mem->max_size = c->mem_reserve < WCAP_MEM_MAX_BYTES ? c->mem_reserve : WCAP_MEM_MAX_BYTES;
    if (mem->size != 0u) {
        memset(data, 0, mem->size);
    }
    c->memory = mem;
}

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *mem, uint32_t delta)
{
    uint32_t old_pages = mem->pages;
    uint64_t new_pages = (uint64_t)old_pages + delta;
    uint64_t new_size = new_pages * WCAP_PAGE;
    uint32_t old_size = mem->size;

    if (new_pages > mem->max_pages || new_pages > 65536u) {
        return 0xFFFFFFFFu;
    }
    if (new_size > mem->max_size) {
        /* A small memory (reserve below one page) can only grow by 0. */
        if (delta != 0u) {
            return 0xFFFFFFFFu;
        }
        new_size = old_size;
    }
    mem->size = (uint32_t)new_size;
    mem->pages = (uint32_t)new_pages;
    if (mem->size > old_size) {
        memset(mem->data + old_size, 0, mem->size - old_size);
    }
    return old_pages;
}

void wasm_rt_free_memory(wasm_rt_memory_t *mem)
{
    /* The bytes go back with the capsule's block. */
    mem->data = NULL;
    mem->size = 0;
    mem->pages = 0;
}

/* Table storage from the current capsule's region; traps when it does not fit
 * (including an element count whose byte size would overflow size_t). */
static void *table_alloc(uint32_t elements, size_t elem)
{
    wcap_rt_capsule_t *c = wcap_rt_current;
    void *data;

    if (c == NULL || (size_t)elements > SIZE_MAX / elem) {
        arena_exhausted();
    }
    if (elements == 0u) {
        return NULL;
    }
    data = wcap_region_alloc(&c->region, (size_t)elements * elem, WCAP_RT_ALIGN);
    if (data == NULL) {
        arena_exhausted();
    }
    return data;
}

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t *t, uint32_t elements, uint32_t max_elements)
{
    wasm_rt_funcref_t *data = table_alloc(elements, sizeof *data);
    uint32_t i;

    for (i = 0; i < elements; i++) {
        data[i] = wasm_rt_funcref_null_value;
    }
    t->data = data;
    t->size = elements;
    t->max_size = max_elements;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t *t)
{
    t->data = NULL;
    t->size = 0;
}

void wasm_rt_allocate_externref_table(wasm_rt_externref_table_t *t, uint32_t elements, uint32_t max_elements)
{
    wasm_rt_externref_t *data = table_alloc(elements, sizeof *data);
    uint32_t i;

    for (i = 0; i < elements; i++) {
        data[i] = wasm_rt_externref_null_value;
    }
    t->data = data;
    t->size = elements;
    t->max_size = max_elements;
}

void wasm_rt_free_externref_table(wasm_rt_externref_table_t *t)
{
    t->data = NULL;
    t->size = 0;
}

/* Grows a table in place when it is the last thing in the region. */
static int grow_in_place(void *data, uint32_t size, uint32_t delta, size_t elem)
{
    wcap_rt_capsule_t *c = wcap_rt_current;
    uint8_t *end = (uint8_t *)data + (size_t)size * elem;
    size_t more = (size_t)delta * elem;
    if (c == NULL || data == NULL || end != c->region.base + c->region.used) {
        return -1;
    }
    if (more > c->region.size - c->region.used) {
        return -1;
    }
    c->region.used += more;
    return 0;
}

/*
 * Makes room for size + delta elements of elem bytes at *data: in place when the
 * table ends the capsule's region, else in a new block of the region with the old
 * elements copied (the old block stays unused until the capsule is unloaded).
 * The caller has checked size + delta against the table's maximum.
 */
static int grow_table(void **data, uint32_t size, uint32_t delta, size_t elem)
{
    wcap_rt_capsule_t *c = wcap_rt_current;
    uint64_t bytes = ((uint64_t)size + delta) * elem;
    void *fresh;
    if (grow_in_place(*data, size, delta, elem) == 0) {
        return 0;
    }
    if (c == NULL || bytes > (uint64_t)(c->region.size - c->region.used)) {
        return -1;
    }
    fresh = wcap_region_alloc(&c->region, (size_t)bytes, WCAP_RT_ALIGN);
    if (fresh == NULL) {
        return -1;
    }
    if (size != 0u) {
        memcpy(fresh, *data, (size_t)size * elem);
    }
    *data = fresh;
    return 0;
}

uint32_t wasm_rt_grow_funcref_table(wasm_rt_funcref_table_t *t, uint32_t delta, wasm_rt_funcref_t init)
{
    uint32_t old = t->size, i;
    void *data = t->data;
    if (delta == 0u) {
        return old;
    }
    if ((uint64_t)old + delta > t->max_size || grow_table(&data, old, delta, sizeof init) != 0) {
        return 0xFFFFFFFFu;
    }
    t->data = (wasm_rt_funcref_t *)data;
    for (i = old; i < old + delta; i++) {
        t->data[i] = init;
    }
    t->size = old + delta;
    return old;
}

uint32_t wasm_rt_grow_externref_table(wasm_rt_externref_table_t *t, uint32_t delta, wasm_rt_externref_t init)
{
    uint32_t old = t->size, i;
    void *data = t->data;
    if (delta == 0u) {
        return old;
    }
    if ((uint64_t)old + delta > t->max_size || grow_table(&data, old, delta, sizeof init) != 0) {
        return 0xFFFFFFFFu;
    }
    t->data = (wasm_rt_externref_t *)data;
    for (i = old; i < old + delta; i++) {
        t->data[i] = init;
    }
    t->size = old + delta;
    return old;
}

uint8_t *wcap_rt_mem_ptr(wcap_rt_capsule_t *c, uint32_t ptr, uint32_t len)
{
    const wasm_rt_memory_t *m = c->memory;
    if (m == NULL || (uint64_t)ptr + len > m->size) {
        wasm_rt_trap(WASM_RT_TRAP_OOB);
    }
    return m->data + ptr;
}
