/*
 * Bounds-checked reads of wasm binary primitives.
 */
#include "wasm_reader.h"

#include <stdarg.h>
#include <stdio.h>

#include "wasm_check.h"

int wcapc_rd_fail(wcapc_rd_t *r, int status, const char *fmt, ...)
{
    if (r->status)
        return 0;
    r->status = status;
    int n = snprintf(r->err, r->errcap, "at offset 0x%zx: ", r->pos);
    if (n >= 0 && (size_t)n < r->errcap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err + n, r->errcap - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return 0;
}

int wcapc_rd_u8(wcapc_rd_t *r, uint8_t *v)
{
    if (r->status)
        return 0;
    if (r->pos >= r->end)
        return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "unexpected end of data (truncated?)");
    *v = r->b[r->pos++];
    return 1;
}

static int rd_leb(wcapc_rd_t *r, unsigned maxbytes, unsigned bits, int is_signed, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t byte = 0;
    for (unsigned i = 0; i < maxbytes; i++) {
        if (!wcapc_rd_u8(r, &byte))
            return 0;
        v |= (uint64_t)(byte & 0x7F) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            if (is_signed && shift < 64 && (byte & 0x40))
                v |= ~(uint64_t)0 << shift;
            if (!is_signed && bits < 64 && (v >> bits))
                return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "integer too large");
            *out = v;
            return 1;
        }
    }
    return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "integer representation too long");
}

int wcapc_rd_u32(wcapc_rd_t *r, uint32_t *v)
{
    uint64_t x = 0;
    if (!rd_leb(r, 5, 32, 0, &x))
        return 0;
    *v = (uint32_t)x;
    return 1;
}

int wcapc_rd_s32(wcapc_rd_t *r, int32_t *v)
{
    uint64_t x = 0;
    if (!rd_leb(r, 5, 32, 1, &x))
        return 0;
    *v = (int32_t)(uint32_t)x;
    return 1;
}

int wcapc_rd_s64(wcapc_rd_t *r, int64_t *v)
{
    uint64_t x = 0;
    if (!rd_leb(r, 10, 64, 1, &x))
        return 0;
    *v = (int64_t)x;
    return 1;
}

int wcapc_rd_bytes(wcapc_rd_t *r, size_t n, const uint8_t **p)
{
    if (r->status)
        return 0;
    if (n > r->end - r->pos)
        return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "%zu bytes needed, only %zu left (truncated?)", n,
                             r->end - r->pos);
    *p = r->b + r->pos;
    r->pos += n;
    return 1;
}

int wcapc_rd_count(wcapc_rd_t *r, uint32_t min_elem, uint32_t *n)
{
    if (!wcapc_rd_u32(r, n))
        return 0;
    if (min_elem && *n > (r->end - r->pos) / min_elem)
        return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "vector of %u elements does not fit (truncated?)", *n);
    return 1;
}

int wcapc_rd_name(wcapc_rd_t *r, const uint8_t **p, uint32_t *len)
{
    return wcapc_rd_u32(r, len) && wcapc_rd_bytes(r, *len, p);
}
