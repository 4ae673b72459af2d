/*
 * The compact relocation table of blob format v1 (docs/blob-format.md,
 * "Relocation table"): shared by the packager (encoder) and by every decoder
 * (device loader, host tools). Portable C99, no allocation.
 *
 * A record is: one head byte (kind in bits 0..3, WCAP_RTAB_HEAD_IMAGE when the
 * symbol is the image, bits 5..7 a short step), then, only when the short step
 * is 0, the offset as the zig-zag LEB128 of the 32-bit wrapping difference to
 * the previous record's offset (0 before the first record), then, for an
 * import symbol only, the import index as LEB128. A short step s = 1..7 means
 * the offset is the previous one + 2*s. Every LEB128 is at most 5 bytes, fits
 * in 32 bits and is canonical (no trailing zero group).
 *
 * The decoder takes one byte at a time, so a table can be decoded as it
 * streams in, with chunk boundaries anywhere, in 16 bytes of state. It checks
 * syntax only; the caller checks kind, offset and index against the manifest.
 */
#ifndef WCAP_RELOC_TABLE_H
#define WCAP_RELOC_TABLE_H

#include <stdint.h>

#include "wcap/blob_format.h"

#define WCAP_RTAB_HEAD_KIND 0x0Fu  /* head bits 0..3: WCAP_R_* */
#define WCAP_RTAB_HEAD_IMAGE 0x10u /* head bit 4: the symbol is the image */
#define WCAP_RTAB_HEAD_STEP 5u     /* head bits 5..7: short step s, offset += 2*s (0: LEB128 delta follows) */
#define WCAP_RTAB_STEP_MAX 7u
#define WCAP_RTAB_LEB_MAX 5u /* bytes of one LEB128 (32-bit values) */
#define WCAP_RTAB_REC_MIN 1u /* head with a short step, image symbol */
#define WCAP_RTAB_REC_MAX (1u + 2u * WCAP_RTAB_LEB_MAX)

/* Decoder results. */
enum {
    WCAP_RTAB_MORE = 0,   /* byte taken, record not complete yet */
    WCAP_RTAB_RECORD = 1, /* byte completed a record (*out filled) */
    WCAP_RTAB_E_LEB = -1  /* LEB128 longer than 5 bytes, over 32 bits, or not canonical */
};

enum { WCAP_RTAB_AT_HEAD = 0, WCAP_RTAB_AT_DELTA, WCAP_RTAB_AT_INDEX };

/* One decoded record. `index` is meaningful only when !image. */
typedef struct {
    uint32_t offset;
    uint32_t index;
    uint8_t kind;
    uint8_t image;
} wcap_rtab_rec_t;

/* Decoder state; zero it (wcap_rtab_dec_init) before the table's first byte. */
typedef struct {
    uint32_t prev;   /* offset of the last record */
    uint32_t offset; /* offset of the record being decoded */
    uint32_t acc;    /* LEB128 value so far */
    uint8_t stage;   /* WCAP_RTAB_AT_* */
    uint8_t shift;   /* bits already in acc */
    uint8_t head;    /* head byte of the record being decoded */
} wcap_rtab_dec_t;

static inline void wcap_rtab_dec_init(wcap_rtab_dec_t *d)
{
    d->prev = 0u;
    d->offset = 0u;
    d->acc = 0u;
    d->stage = WCAP_RTAB_AT_HEAD;
    d->shift = 0u;
    d->head = 0u;
}

/* 1 when the decoder is between records (a table may end only there). */
static inline int wcap_rtab_dec_idle(const wcap_rtab_dec_t *d)
{
    return d->stage == WCAP_RTAB_AT_HEAD;
}

/* Bytes a relocation of `kind` patches (0 for an unknown kind). */
static inline uint32_t wcap_rtab_width(uint8_t kind)
{
    static const uint8_t width[WCAP_R_KIND_COUNT] = {0, 4, 8, 4, 4, 8, 4, 4, 4};
    return kind < WCAP_R_KIND_COUNT ? width[kind] : 0u;
}

/* One LEB128 byte into d->acc: WCAP_RTAB_MORE, WCAP_RTAB_RECORD (value done) or WCAP_RTAB_E_LEB. */
static inline int wcap_rtab_leb_byte(wcap_rtab_dec_t *d, uint8_t b)
{
    uint32_t group = b & 0x7Fu;
    if (d->shift == 7u * (WCAP_RTAB_LEB_MAX - 1u) && b > 0x0Fu) {
        return WCAP_RTAB_E_LEB; /* a 5th byte holds only bits 28..31 and ends the value */
    }
    if (d->shift != 0u && b == 0u) {
        return WCAP_RTAB_E_LEB; /* trailing zero group: not canonical */
    }
    d->acc |= group << d->shift;
    if ((b & 0x80u) != 0u) {
        d->shift = (uint8_t)(d->shift + 7u);
        return WCAP_RTAB_MORE;
    }
    return WCAP_RTAB_RECORD;
}

static inline int wcap_rtab_emit(wcap_rtab_dec_t *d, wcap_rtab_rec_t *out, uint32_t index)
{
    out->offset = d->offset;
    out->index = index;
    out->kind = (uint8_t)(d->head & WCAP_RTAB_HEAD_KIND);
    out->image = (uint8_t)((d->head & WCAP_RTAB_HEAD_IMAGE) != 0u);
    d->prev = d->offset;
    d->stage = WCAP_RTAB_AT_HEAD;
    return WCAP_RTAB_RECORD;
}

/* After the offset: the record is complete, or its import index follows. */
static inline int wcap_rtab_after_offset(wcap_rtab_dec_t *d, wcap_rtab_rec_t *out)
{
    if ((d->head & WCAP_RTAB_HEAD_IMAGE) != 0u) {
        return wcap_rtab_emit(d, out, 0u);
    }
    d->stage = WCAP_RTAB_AT_INDEX;
    d->acc = 0u;
    d->shift = 0u;
    return WCAP_RTAB_MORE;
}

/* Feeds one table byte: WCAP_RTAB_MORE, WCAP_RTAB_RECORD (the byte completed
 * a record, *out filled) or WCAP_RTAB_E_LEB. */
static inline int wcap_rtab_dec_byte(wcap_rtab_dec_t *d, uint8_t b, wcap_rtab_rec_t *out)
{
    int st;
    uint32_t step = (uint32_t)b >> WCAP_RTAB_HEAD_STEP;
    if (d->stage == WCAP_RTAB_AT_HEAD) {
        d->head = b;
        d->acc = 0u;
        d->shift = 0u;
        if (step != 0u) {
            d->offset = d->prev + 2u * step;
            return wcap_rtab_after_offset(d, out);
        }
        d->stage = WCAP_RTAB_AT_DELTA;
        return WCAP_RTAB_MORE;
    }
    st = wcap_rtab_leb_byte(d, b);
    if (st != WCAP_RTAB_RECORD) {
        return st;
    }
    if (d->stage == WCAP_RTAB_AT_INDEX) {
        return wcap_rtab_emit(d, out, d->acc);
    }
    /* zig-zag back to a 32-bit wrapping difference */
    d->offset = d->prev + ((d->acc >> 1) ^ (0u - (d->acc & 1u)));
    return wcap_rtab_after_offset(d, out);
}

static inline uint32_t wcap_rtab_put_leb(uint8_t *out, uint32_t v)
{
    uint32_t n = 0u;
    while (v >= 0x80u) {
        out[n++] = (uint8_t)(v | 0x80u);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

/* Encodes one record after the one at *prev (updated). `sym` is WCAP_SYM_IMAGE
 * or an import index. Writes at most WCAP_RTAB_REC_MAX bytes; returns the count. */
static inline uint32_t wcap_rtab_encode(uint8_t out[WCAP_RTAB_REC_MAX], uint32_t *prev, uint32_t offset, uint8_t kind,
                                        uint32_t sym)
{
    uint32_t delta = offset - *prev;
    uint32_t n = 1u;
    int image = sym == WCAP_SYM_IMAGE;
    out[0] = (uint8_t)((kind & WCAP_RTAB_HEAD_KIND) | (image ? WCAP_RTAB_HEAD_IMAGE : 0u));
    if (delta != 0u && delta % 2u == 0u && delta <= 2u * WCAP_RTAB_STEP_MAX) {
        out[0] = (uint8_t)(out[0] | ((delta / 2u) << WCAP_RTAB_HEAD_STEP));
    } else {
        n += wcap_rtab_put_leb(out + n, (delta << 1) ^ (0u - (delta >> 31)));
    }
    if (!image) {
        n += wcap_rtab_put_leb(out + n, sym);
    }
    *prev = offset;
    return n;
}

#endif /* WCAP_RELOC_TABLE_H */
