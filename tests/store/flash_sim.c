/* The simulated NOR flash. See flash_sim.h. */
#include <string.h>

#include "flash_sim.h"

static int in_range(sim_flash_t *f, uint32_t off, uint32_t len)
{
    if (off > f->page_size * f->pages || len > f->page_size * f->pages - off) {
        f->bad_args++;
        return 0;
    }
    return 1;
}

/* 1 if this operation may run; handles the cut. *half says it is torn. */
static int power(sim_flash_t *f, int *half)
{
    long op = f->ops++;
    *half = 0;
    if (f->off)
        return 0;
    if (op == f->cut_at) {
        f->off = 1;
        *half = f->torn;
        return f->torn;
    }
    return 1;
}

static int s_read(void *ctx, uint32_t off, uint8_t *buf, uint32_t len)
{
    sim_flash_t *f = ctx;
    if (f->off || !in_range(f, off, len))
        return -1;
    memcpy(buf, f->mem + off, len);
    return 0;
}

static int s_program(void *ctx, uint32_t off, const uint8_t *data, uint32_t len)
{
    sim_flash_t *f = ctx;
    int half;

    if (!in_range(f, off, len) || off % WCAP_DEV_FLASH_ALIGN || len % WCAP_DEV_FLASH_ALIGN) {
        f->bad_args++;
        return -1;
    }
    if (!power(f, &half) && !half)
        return -1;
    uint32_t n = half ? len / 2u : len;
    for (uint32_t u = off / WCAP_DEV_FLASH_ALIGN; u < (off + len) / WCAP_DEV_FLASH_ALIGN; u++) {
        if (f->programmed[u])
            f->violations++;
        if ((u - off / WCAP_DEV_FLASH_ALIGN) * WCAP_DEV_FLASH_ALIGN < n)
            f->programmed[u] = 1;
    }
    for (uint32_t i = 0; i < n; i++)
        f->mem[off + i] &= data[i];
    if (half && n < len)
        f->mem[off + n] &= (uint8_t)(data[n] | 0x0Fu); /* a byte caught half-way */
    return half ? -1 : 0;
}

static int s_erase(void *ctx, uint32_t page)
{
    sim_flash_t *f = ctx;
    int half;

    if (page >= f->pages) {
        f->bad_args++;
        return -1;
    }
    f->erases++;
    if (!power(f, &half) && !half)
        return -1;
    if ((long)page == f->worn_page)
        return f->worn_silent ? 0 : -1;
    uint32_t n = half ? f->page_size / 2u : f->page_size;
    memset(f->mem + page * f->page_size, 0xFF, n);
    if (!half)
        memset(f->programmed + page * f->page_size / WCAP_DEV_FLASH_ALIGN, 0, f->page_size / WCAP_DEV_FLASH_ALIGN);
    return half ? -1 : 0;
}

void sim_init(sim_flash_t *f, uint32_t page_size, uint32_t pages)
{
    memset(f, 0, sizeof *f);
    memset(f->mem, 0xFF, sizeof f->mem);
    f->page_size = page_size;
    f->pages = pages;
    f->cut_at = -1;
    f->worn_page = -1;
    f->drv.page_size = page_size;
    f->drv.page_count = pages;
    f->drv.read = s_read;
    f->drv.program = s_program;
    f->drv.erase = s_erase;
    f->drv.ctx = f;
}

void sim_power_on(sim_flash_t *f)
{
    f->off = 0;
    f->cut_at = -1;
}
