/*
 * Bounds-checked cursor over wasm bytes (LEB128, vectors, names). The first
 * failure is sticky: later reads return 0 and the first message is kept.
 */
#ifndef WCAPC_WASM_READER_H
#define WCAPC_WASM_READER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *b;
    size_t pos, end; /* end: limit of the current section or body */
    int status;      /* WCAPC_WASM_* of the first failure */
    char *err;
    size_t errcap;
} wcapc_rd_t;

/* Records a failure at the current offset (first one wins); returns 0. */
int wcapc_rd_fail(wcapc_rd_t *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int wcapc_rd_u8(wcapc_rd_t *r, uint8_t *v);
int wcapc_rd_u32(wcapc_rd_t *r, uint32_t *v); /* unsigned LEB128, <= 5 bytes */
int wcapc_rd_s32(wcapc_rd_t *r, int32_t *v);  /* signed LEB128, <= 5 bytes */
int wcapc_rd_s64(wcapc_rd_t *r, int64_t *v);  /* signed LEB128, <= 10 bytes */
int wcapc_rd_bytes(wcapc_rd_t *r, size_t n, const uint8_t **p);
/* A vector length that cannot exceed the bytes left (each element >= min_elem bytes). */
int wcapc_rd_count(wcapc_rd_t *r, uint32_t min_elem, uint32_t *n);
int wcapc_rd_name(wcapc_rd_t *r, const uint8_t **p, uint32_t *len);

#endif /* WCAPC_WASM_READER_H */
