/* The flash store. See wcap/dev/store_flash.h and docs/flash-store.md. */
#include <string.h>

#include "wcap/blob_format.h"
#include "wcap/dev/crc32.h"
#include "wcap/dev/store_flash.h"
#include "wcap/errors.h"

#define A WCAP_DEV_FLASH_ALIGN
#define RUP(x) (((uint32_t)(x) + (A - 1u)) & ~(uint32_t)(A - 1u))

#if (A & (A - 1u)) != 0 || A < 4u || A > 32u
#error "WCAP_DEV_FLASH_ALIGN must be a power of two, 4..32"
#endif
#if WCAP_DEV_FLASH_IO % WCAP_DEV_FLASH_ALIGN != 0 || WCAP_DEV_FLASH_IO < 56u
#error "WCAP_DEV_FLASH_IO must be a multiple of WCAP_DEV_FLASH_ALIGN, at least 56"
#endif

/* Bank header: magic, format, align, reserved, seq, crc (16 bytes), then the
 * superseded word in a unit of its own (programmed once, later). */
#define BANK_MAGIC 0x42464357u /* "WCFB" */
#define BANK_FORMAT 1u
#define BANK_HDR 16u
#define SUPERSEDED_OFF RUP(BANK_HDR)
#define HDR_SIZE (SUPERSEDED_OFF + RUP(4u))
/* Record head: magic, name_len, kind, reserved(2), name[40], head_crc, pad. */
#define REC_MAGIC 0x45524357u /* "WCRE" */
#define HEAD_BYTES 56u
#define HEAD_CRC_OFF 48u
#define HEAD RUP(HEAD_BYTES)
/* Record tail (the commit): len, data_crc, tail_crc, pad. */
#define TAIL_BYTES 16u
#define TAIL RUP(TAIL_BYTES)
#define KIND_DATA 0u
#define KIND_TOMB 1u
#define MARK_LIVE 0x4556494Cu /* "LIVE" */
#define MARK_DEAD 0x44414544u /* "DEAD" */

static const char epoch_record[] = "aut/epoch";

static int fail(wcap_dev_store_flash_t *s, int code)
{
    s->error = code;
    return code;
}

static uint32_t bank_base(const wcap_dev_store_flash_t *s, uint32_t bank)
{
    return bank * s->bank_size;
}

static uint32_t rec_size(uint32_t len)
{
    return HEAD + TAIL + RUP(len);
}

int wcap_dev_store_flash_is_floor(const char *name)
{
    return strncmp(name, "ver/", 4) == 0 || strcmp(name, epoch_record) == 0;
}

static int name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > WCAP_DEV_RECORD_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-' || c == '/'))
            return 0;
    }
    return 1;
}

/* ---- flash access ---------------------------------------------------------- */

static int fread_(wcap_dev_store_flash_t *s, uint32_t off, uint8_t *buf, uint32_t len)
{
    return s->fl->read(s->fl->ctx, off, buf, len) == 0 ? 0 : fail(s, WCAP_E_STORE_IO);
}

/* Programs and reads back. */
static int fprog(wcap_dev_store_flash_t *s, uint32_t off, const uint8_t *data, uint32_t len)
{
    if (s->fl->program(s->fl->ctx, off, data, len) != 0)
        return fail(s, WCAP_E_STORE_IO);
    for (uint32_t done = 0; done < len;) {
        uint32_t k = len - done < sizeof s->chk ? len - done : (uint32_t)sizeof s->chk;
        if (fread_(s, off + done, s->chk, k) != 0)
            return s->error;
        if (memcmp(s->chk, data + done, k) != 0)
            return fail(s, WCAP_E_STORE_VERIFY);
        done += k;
    }
    return 0;
}

/* 1 if [off, off+len) reads as all ones. */
static int erased(wcap_dev_store_flash_t *s, uint32_t off, uint32_t len)
{
    for (uint32_t done = 0; done < len;) {
        uint32_t k = len - done < sizeof s->chk ? len - done : (uint32_t)sizeof s->chk;
        if (fread_(s, off + done, s->chk, k) != 0)
            return 0;
        for (uint32_t i = 0; i < k; i++)
            if (s->chk[i] != 0xFFu)
                return 0;
        done += k;
    }
    return 1;
}

static int erase_bank(wcap_dev_store_flash_t *s, uint32_t bank)
{
    uint32_t pages = s->fl->page_count / 2u;
    for (uint32_t p = 0; p < pages; p++) {
        uint32_t page = bank * pages + p;
        if (s->fl->erase(s->fl->ctx, page) != 0 || !erased(s, page * s->fl->page_size, s->fl->page_size))
            return fail(s, WCAP_E_STORE_ERASE);
    }
    return 0;
}

/* Copies len bytes (a multiple of A) from src to dst, programming them. */
static int fcopy(wcap_dev_store_flash_t *s, uint32_t dst, uint32_t src, uint32_t len)
{
    for (uint32_t done = 0; done < len;) {
        uint32_t k = len - done < sizeof s->io ? len - done : (uint32_t)sizeof s->io;
        if (fread_(s, src + done, s->io, k) != 0 || fprog(s, dst + done, s->io, k) != 0)
            return s->error;
        done += k;
    }
    return 0;
}

/* Copies a committed record (data length len) from src to dst: head, data,
 * then the tail, so that a copy cut by a reset is never a committed record
 * with missing data. */
static int copy_record(wcap_dev_store_flash_t *s, uint32_t dst, uint32_t src, uint32_t len)
{
    if (fcopy(s, dst, src, HEAD) != 0 || fcopy(s, dst + HEAD + TAIL, src + HEAD + TAIL, RUP(len)) != 0)
        return s->error;
    return fcopy(s, dst + HEAD, src + HEAD, TAIL);
}

/* ---- bank headers ------------------------------------------------------------ */

typedef struct {
    int valid, superseded;
    uint32_t seq;
} bank_info_t;

static void bank_read(wcap_dev_store_flash_t *s, uint32_t bank, bank_info_t *bi)
{
    uint8_t h[BANK_HDR], w[4];
    uint32_t base = bank_base(s, bank);

    memset(bi, 0, sizeof *bi);
    if (fread_(s, base, h, sizeof h) != 0 || fread_(s, base + SUPERSEDED_OFF, w, sizeof w) != 0)
        return;
    bi->valid =
        wcap_rd32(h) == BANK_MAGIC && h[4] == BANK_FORMAT && h[5] == A && wcap_rd32(h + 12) == wcap_crc32(0, h, 12);
    bi->seq = wcap_rd32(h + 8);
    bi->superseded = wcap_rd32(w) != 0xFFFFFFFFu;
}

static int bank_write_header(wcap_dev_store_flash_t *s, uint32_t bank, uint32_t seq)
{
    uint8_t h[RUP(BANK_HDR)];

    memset(h, 0xFF, sizeof h);
    wcap_wr32(h, BANK_MAGIC);
    h[4] = BANK_FORMAT;
    h[5] = (uint8_t)A;
    wcap_wr32(h + 8, seq);
    wcap_wr32(h + 12, wcap_crc32(0, h, 12));
    return fprog(s, bank_base(s, bank), h, sizeof h);
}

static void bank_supersede(wcap_dev_store_flash_t *s, uint32_t bank)
{
    uint8_t w[RUP(4u)];
    memset(w, 0, sizeof w);
    (void)fprog(s, bank_base(s, bank) + SUPERSEDED_OFF, w, sizeof w); /* best effort: seq decides anyway */
}

/* ---- records ----------------------------------------------------------------- */

typedef struct {
    char name[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t kind;
    uint32_t head_crc;
} head_t;

static void head_build(uint8_t *h, const char *name, uint8_t kind)
{
    size_t n = strlen(name);
    memset(h, 0xFF, HEAD);
    wcap_wr32(h, REC_MAGIC);
    h[4] = (uint8_t)n;
    h[5] = kind;
    memcpy(h + 8, name, n);
    wcap_wr32(h + HEAD_CRC_OFF, wcap_crc32(0, h, HEAD_CRC_OFF));
}

/* 1 if h (HEAD_BYTES) is a valid head; fills hd. */
static int head_parse(const uint8_t *h, head_t *hd)
{
    uint32_t n = h[4];
    if (wcap_rd32(h) != REC_MAGIC || wcap_rd32(h + HEAD_CRC_OFF) != wcap_crc32(0, h, HEAD_CRC_OFF))
        return 0;
    if (n == 0 || n > WCAP_DEV_RECORD_NAME_MAX || h[5] > KIND_TOMB)
        return 0;
    memcpy(hd->name, h + 8, n);
    hd->name[n] = '\0';
    hd->kind = h[5];
    hd->head_crc = wcap_rd32(h + HEAD_CRC_OFF);
    return name_ok(hd->name);
}

static uint32_t tail_crc(uint32_t head_crc, uint32_t len, uint32_t dcrc, uint32_t mark)
{
    uint8_t b[16];
    wcap_wr32(b, head_crc);
    wcap_wr32(b + 4, len);
    wcap_wr32(b + 8, dcrc);
    wcap_wr32(b + 12, mark);
    return wcap_crc32(0, b, sizeof b);
}

static int tail_write(wcap_dev_store_flash_t *s, uint32_t rec, uint32_t head_crc, uint32_t len, uint32_t dcrc,
                      uint32_t mark)
{
    uint8_t t[TAIL];
    memset(t, 0xFF, sizeof t);
    wcap_wr32(t, len);
    wcap_wr32(t + 4, dcrc);
    wcap_wr32(t + 8, tail_crc(head_crc, len, dcrc, mark));
    return fprog(s, bank_base(s, s->active) + rec + HEAD, t, sizeof t);
}

static int find(const wcap_dev_store_flash_t *s, const char *name)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (strcmp(s->e[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void drop(wcap_dev_store_flash_t *s, int i)
{
    memmove(&s->e[i], &s->e[i + 1], (s->n - (uint32_t)i - 1u) * sizeof s->e[0]);
    s->n--;
}

/* Records a committed record in the index (mount and commit). For a floor,
 * `value` is its value and the larger one stays. */
static int index_put(wcap_dev_store_flash_t *s, const char *name, uint8_t kind, uint32_t off, uint32_t len,
                     uint32_t value)
{
    int i = find(s, name);
    int mono = wcap_dev_store_flash_is_floor(name) && kind == KIND_DATA && len == 4u;

    if (kind == KIND_TOMB) {
        if (i >= 0 && !s->e[i].mono)
            drop(s, i);
        return 0;
    }
    if (i >= 0 && s->e[i].mono && (!mono || value <= s->e[i].value))
        return 0; /* a floor never goes down */
    if (i < 0) {
        if (s->n == WCAP_DEV_FLASH_RECORDS)
            return fail(s, WCAP_E_STORE_RECORDS);
        i = (int)s->n++;
        strcpy(s->e[i].name, name);
    }
    s->e[i].mono = (uint8_t)mono;
    s->e[i].off = off;
    s->e[i].len = len;
    s->e[i].value = value;
    return 0;
}

/* ---- mount ------------------------------------------------------------------- */

/* 1 if a valid record head sits at an aligned offset in [from, bank end). */
static int any_head_after(wcap_dev_store_flash_t *s, uint32_t bank, uint32_t from)
{
    uint8_t h[HEAD_BYTES];
    head_t hd;

    for (uint32_t pos = RUP(from); pos + HEAD + TAIL <= s->bank_size; pos += A) {
        if (fread_(s, bank_base(s, bank) + pos, h, 4) != 0)
            return 1;
        if (wcap_rd32(h) != REC_MAGIC)
            continue;
        if (fread_(s, bank_base(s, bank) + pos, h, sizeof h) != 0 || head_parse(h, &hd))
            return 1;
    }
    return 0;
}

/* Data CRC of a record, read from flash. */
static int data_crc(wcap_dev_store_flash_t *s, uint32_t base, uint32_t len, uint32_t *crc)
{
    uint32_t c = 0;
    for (uint32_t done = 0; done < len;) {
        uint32_t k = len - done < sizeof s->io ? len - done : (uint32_t)sizeof s->io;
        if (fread_(s, base + done, s->io, k) != 0)
            return s->error;
        c = wcap_crc32(c, s->io, k);
        done += k;
    }
    *crc = c;
    return 0;
}

static int scan(wcap_dev_store_flash_t *s)
{
    uint32_t base = bank_base(s, s->active), pos = HDR_SIZE;
    uint8_t h[HEAD_BYTES], t[TAIL_BYTES];
    head_t hd;

    s->n = 0;
    s->dirty = 0;
    for (;;) {
        if (pos + HEAD + TAIL > s->bank_size) { /* no record starts here */
            if (pos < s->bank_size && !erased(s, base + pos, s->bank_size - pos))
                return fail(s, WCAP_E_STORE_CORRUPT);
            s->end = pos;
            return 0;
        }
        if (fread_(s, base + pos, h, sizeof h) != 0 || fread_(s, base + pos + HEAD, t, sizeof t) != 0)
            return s->error;
        if (!head_parse(h, &hd)) {
            if (erased(s, base + pos, s->bank_size - pos)) {
                s->end = pos; /* the end of the log */
                return 0;
            }
            /* A head cut half-way by a reset: it was the last program, so
             * all after it is erased. Anything else is damage. */
            if (!erased(s, base + pos + HEAD, s->bank_size - pos - HEAD))
                return fail(s, WCAP_E_STORE_CORRUPT);
            s->dirty = 1;
            s->end = s->bank_size;
            return 0;
        }
        uint32_t len = wcap_rd32(t), dcrc = wcap_rd32(t + 4), tc = wcap_rd32(t + 8);
        int fits = len <= s->bank_size - pos - HEAD - TAIL;
        if (fits && tc == tail_crc(hd.head_crc, len, dcrc, MARK_LIVE)) {
            uint32_t c = 0, value = 0;
            if (hd.kind == KIND_TOMB && len != 0)
                return fail(s, WCAP_E_STORE_CORRUPT);
            if (data_crc(s, base + pos + HEAD + TAIL, len, &c) != 0)
                return s->error;
            if (c != dcrc)
                return fail(s, WCAP_E_STORE_CORRUPT); /* written and committed, then damaged */
            if (len == 4u) {
                uint8_t v[4];
                if (fread_(s, base + pos + HEAD + TAIL, v, 4) != 0)
                    return s->error;
                value = wcap_rd32(v);
            }
            if (index_put(s, hd.name, hd.kind, pos, len, value) != 0)
                return s->error;
        } else if (!(fits && tc == tail_crc(hd.head_crc, len, dcrc, MARK_DEAD))) {
            break; /* no commit: the write a reset cut, or damage */
        }
        pos += rec_size(len);
    }
    /* Something neither a record nor erased at pos. A write cut by a reset is
     * always the last thing in the bank; a valid record after it means the
     * bank was damaged, and records may be missing: lock. */
    if (any_head_after(s, s->active, pos + A))
        return fail(s, WCAP_E_STORE_CORRUPT);
    s->dirty = 1;
    s->end = s->bank_size;
    return 0;
}

int wcap_dev_store_flash_format(wcap_dev_store_flash_t *s)
{
    int rc;
    s->locked = 1;
    s->n = 0;
    s->writing = 0;
    if ((rc = erase_bank(s, 0)) != 0 || (rc = erase_bank(s, 1)) != 0 || (rc = bank_write_header(s, 0, 1)) != 0)
        return rc;
    s->active = 0;
    s->seq = 1;
    s->end = HDR_SIZE;
    s->dirty = 0;
    s->locked = 0;
    s->error = 0;
    return 0;
}

static int mount(wcap_dev_store_flash_t *s)
{
    bank_info_t b[2];
    int live[2];
    const wcap_dev_flash_t *fl = s->fl;

    if (fl->page_count < 2u || fl->page_count % 2u != 0 || fl->page_size == 0 || fl->page_size % A != 0 ||
        (uint64_t)fl->page_size * fl->page_count > 0x80000000u ||
        (fl->page_count / 2u) * fl->page_size < HDR_SIZE + 2u * (HEAD + TAIL))
        return fail(s, WCAP_E_STORE_GEOMETRY);
    s->bank_size = (fl->page_count / 2u) * fl->page_size;
    bank_read(s, 0, &b[0]);
    bank_read(s, 1, &b[1]);
    if (s->error)
        return s->error;
    live[0] = b[0].valid && !b[0].superseded;
    live[1] = b[1].valid && !b[1].superseded;
    if (!live[0] && !live[1]) {
        /* No store, unless a bank holds records: then its header was damaged. */
        if (b[0].valid || b[1].valid || any_head_after(s, 0, HDR_SIZE) || any_head_after(s, 1, HDR_SIZE))
            return fail(s, WCAP_E_STORE_CORRUPT);
        return wcap_dev_store_flash_format(s) == 0 ? 1 : s->error;
    }
    if (live[0] && live[1]) { /* a reset between a compaction's header and the supersede */
        if (b[0].seq == b[1].seq)
            return fail(s, WCAP_E_STORE_CORRUPT);
        s->active = b[1].seq > b[0].seq;
    } else {
        s->active = live[1];
    }
    s->seq = b[s->active].seq;
    if (scan(s) != 0)
        return s->error;
    if (live[0] && live[1])
        bank_supersede(s, s->active ^ 1u);
    s->error = 0;
    return 0;
}

/* ---- compaction -------------------------------------------------------------- */

/* Copies the live records (and the open write so far) to the other bank,
 * commits it with its header, then supersedes the old bank. */
static int compact(wcap_dev_store_flash_t *s)
{
    uint32_t to = s->active ^ 1u, from_base = bank_base(s, s->active), to_base = bank_base(s, to);
    uint32_t pos = HDR_SIZE, nwrec = 0;

    if (erase_bank(s, to) != 0)
        return s->error;
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t sz = rec_size(s->e[i].len);
        for (uint32_t copy = 0; copy < (s->e[i].mono ? 2u : 1u); copy++) { /* floors twice (floor_copy) */
            if (sz > s->bank_size - pos)
                return fail(s, WCAP_E_STORE_FULL);
            if (copy_record(s, to_base + pos, from_base + s->e[i].off, s->e[i].len) != 0)
                return s->error;
            if (copy == 0)
                s->e[i].noff = pos;
            pos += sz;
        }
    }
    if (s->writing) {
        /* head and the data programmed so far; its tail stays erased */
        uint32_t data = s->end - (s->wrec + HEAD + TAIL);
        if (HEAD + TAIL + data > s->bank_size - pos)
            return fail(s, WCAP_E_STORE_FULL);
        if (fcopy(s, to_base + pos, from_base + s->wrec, HEAD) != 0 ||
            fcopy(s, to_base + pos + HEAD + TAIL, from_base + s->wrec + HEAD + TAIL, data) != 0)
            return s->error;
        nwrec = pos;
        pos += HEAD + TAIL + data;
    }
    if (bank_write_header(s, to, s->seq + 1u) != 0)
        return s->error;
    bank_supersede(s, s->active);
    s->active = to;
    s->seq++;
    for (uint32_t i = 0; i < s->n; i++)
        s->e[i].off = s->e[i].noff;
    s->wrec = nwrec;
    s->end = pos;
    s->dirty = 0;
    s->compactions++;
    return 0;
}

/* Makes room for `need` bytes at the end of the active bank. */
static int room(wcap_dev_store_flash_t *s, uint32_t need)
{
    uint32_t live = wcap_dev_store_flash_used(s) + (s->writing ? s->end - s->wrec : 0u);

    if (!s->dirty && need <= s->bank_size - s->end)
        return 0;
    if (live > s->bank_size || need > s->bank_size - live)
        return fail(s, WCAP_E_STORE_FULL); /* a compaction could not make room: spare the erase */
    if (compact(s) != 0)
        return s->error;
    return need <= s->bank_size - s->end ? 0 : fail(s, WCAP_E_STORE_FULL);
}

/* Appends a head at the end (after room()). */
static int append_head(wcap_dev_store_flash_t *s, const char *name, uint8_t kind, uint32_t *rec, uint32_t *hcrc)
{
    uint8_t h[HEAD];
    head_build(h, name, kind);
    *rec = s->end;
    *hcrc = wcap_rd32(h + HEAD_CRC_OFF);
    s->end += HEAD + TAIL; /* taken even if the program fails */
    if (fprog(s, bank_base(s, s->active) + *rec, h, sizeof h) != 0) {
        s->dirty = 1;
        return s->error;
    }
    return 0;
}

/* A second copy of floor record i at the end of the log, so that damage to
 * the last record of the log (which cannot be told from a write cut by a
 * reset) never loses a floor. */
static void floor_copy(wcap_dev_store_flash_t *s, int i)
{
    uint32_t sz = rec_size(s->e[i].len), base;

    if (room(s, sz) != 0)
        return;
    base = bank_base(s, s->active);
    s->end += sz;
    if (copy_record(s, base + s->end - sz, base + s->e[i].off, s->e[i].len) != 0)
        s->dirty = 1;
}

/* ---- the store interface ----------------------------------------------------- */

static int f_write_open(void *user, const char *name)
{
    wcap_dev_store_flash_t *s = user;
    uint32_t hcrc;

    if (s->locked)
        return -1;
    if (s->writing) {
        fail(s, WCAP_E_STORE_STATE);
        return -1;
    }
    if (!name_ok(name)) {
        fail(s, WCAP_E_STORE_NAME);
        return -1;
    }
    if (room(s, HEAD + TAIL) != 0 || append_head(s, name, KIND_DATA, &s->wrec, &hcrc) != 0)
        return -1;
    strcpy(s->wname, name);
    s->writing = 1;
    s->wlen = 0;
    s->wcrc = 0;
    s->npend = 0;
    return 0;
}

/* Programs len bytes (a multiple of A) at the end of the open record. */
static int put_units(wcap_dev_store_flash_t *s, const uint8_t *data, uint32_t len)
{
    if (room(s, len) != 0)
        return -1;
    s->end += len;
    if (fprog(s, bank_base(s, s->active) + s->end - len, data, len) != 0) {
        s->dirty = 1;
        return -1;
    }
    return 0;
}

static int f_write(void *user, const uint8_t *data, size_t len)
{
    wcap_dev_store_flash_t *s = user;

    if (s->locked || !s->writing)
        return -1;
    if (len > s->bank_size - s->wlen) {
        fail(s, WCAP_E_STORE_FULL);
        return -1;
    }
    s->wcrc = wcap_crc32(s->wcrc, data, len);
    s->wlen += (uint32_t)len;
    while (len > 0) {
        if (s->npend > 0 || len < A) {
            uint32_t k = A - s->npend < len ? A - s->npend : (uint32_t)len;
            memcpy(s->pend + s->npend, data, k);
            s->npend += k;
            data += k;
            len -= k;
            if (s->npend == A) {
                if (put_units(s, s->pend, A) != 0)
                    return -1;
                s->npend = 0;
            }
            continue;
        }
        uint32_t k = (uint32_t)len & ~(uint32_t)(A - 1u);
        if (k > WCAP_DEV_FLASH_IO)
            k = WCAP_DEV_FLASH_IO; /* bounded units, so room() can compact between them */
        if (put_units(s, data, k) != 0)
            return -1;
        data += k;
        len -= k;
    }
    return 0;
}

static void f_write_abort(void *user)
{
    wcap_dev_store_flash_t *s = user;
    uint8_t h[HEAD_BYTES];
    head_t hd;

    if (!s->writing)
        return;
    s->writing = 0;
    if (s->locked || s->dirty)
        return; /* dropped at the next compaction */
    uint32_t base = bank_base(s, s->active);
    if (fread_(s, base + s->wrec, h, sizeof h) != 0 || !head_parse(h, &hd) ||
        tail_write(s, s->wrec, hd.head_crc, s->end - (s->wrec + HEAD + TAIL), 0, MARK_DEAD) != 0)
        s->dirty = 1;
}

static int f_write_commit(void *user)
{
    wcap_dev_store_flash_t *s = user;
    uint8_t h[HEAD_BYTES];
    head_t hd;
    uint32_t value = 0;
    int i;

    if (s->locked || !s->writing) {
        if (!s->locked)
            fail(s, WCAP_E_STORE_STATE);
        return -1;
    }
    if (s->npend > 0) {
        memset(s->pend + s->npend, 0xFF, A - s->npend);
        if (put_units(s, s->pend, A) != 0)
            goto abort;
        s->npend = 0;
    }
    if (s->dirty)
        goto abort;
    i = find(s, s->wname);
    if (wcap_dev_store_flash_is_floor(s->wname)) {
        uint8_t v[4];
        if (s->wlen != 4u || fread_(s, bank_base(s, s->active) + s->wrec + HEAD + TAIL, v, 4) != 0) {
            fail(s, WCAP_E_STORE_FLOOR);
            goto abort;
        }
        value = wcap_rd32(v);
        if (i >= 0 && s->e[i].mono && value < s->e[i].value) {
            fail(s, WCAP_E_STORE_FLOOR);
            goto abort;
        }
    }
    if (i < 0 && s->n == WCAP_DEV_FLASH_RECORDS) {
        fail(s, WCAP_E_STORE_RECORDS);
        goto abort;
    }
    if (fread_(s, bank_base(s, s->active) + s->wrec, h, sizeof h) != 0 || !head_parse(h, &hd))
        goto abort;
    if (tail_write(s, s->wrec, hd.head_crc, s->wlen, s->wcrc, MARK_LIVE) != 0) {
        s->dirty = 1;
        s->writing = 0;
        return -1;
    }
    s->writing = 0;
    if (i >= 0 && s->e[i].mono && value == s->e[i].value)
        return 0; /* the same floor again: the first copy serves */
    if (index_put(s, s->wname, KIND_DATA, s->wrec, s->wlen, value) != 0)
        return -1;
    if (wcap_dev_store_flash_is_floor(s->wname))
        floor_copy(s, find(s, s->wname)); /* committed already: a failed copy only costs redundancy */
    return 0;
abort:
    f_write_abort(s);
    return -1;
}

static int f_read(void *user, const char *name, uint32_t offset, uint8_t *buf, size_t len)
{
    wcap_dev_store_flash_t *s = user;
    int i;

    if (s->locked || (i = find(s, name)) < 0 || offset > s->e[i].len)
        return -1;
    if (len > s->e[i].len - offset)
        len = s->e[i].len - offset;
    if (fread_(s, bank_base(s, s->active) + s->e[i].off + HEAD + TAIL + offset, buf, (uint32_t)len) != 0)
        return -1;
    return (int)len;
}

static int f_erase(void *user, const char *name)
{
    wcap_dev_store_flash_t *s = user;
    uint32_t rec, hcrc;
    int i;

    if (s->locked || s->writing) {
        if (!s->locked)
            fail(s, WCAP_E_STORE_STATE);
        return -1;
    }
    if ((i = find(s, name)) < 0)
        return 0;
    if (s->e[i].mono) {
        fail(s, WCAP_E_STORE_FLOOR);
        return -1;
    }
    if (room(s, HEAD + TAIL) != 0 || append_head(s, name, KIND_TOMB, &rec, &hcrc) != 0)
        return -1;
    if (tail_write(s, rec, hcrc, 0, 0, MARK_LIVE) != 0) {
        s->dirty = 1;
        return -1;
    }
    drop(s, find(s, name));
    return 0;
}

static int f_list(void *user, uint32_t index, char *name, size_t cap)
{
    wcap_dev_store_flash_t *s = user;
    if (s->locked || index >= s->n)
        return 0;
    if (strlen(s->e[index].name) + 1 > cap)
        return -1;
    strcpy(name, s->e[index].name);
    return 1;
}

int wcap_dev_store_flash_open(wcap_dev_store_flash_t *s, const wcap_dev_flash_t *fl, wcap_dev_store_t *iface)
{
    int rc;

    memset(s, 0, sizeof *s);
    s->fl = fl;
    iface->write_open = f_write_open;
    iface->write = f_write;
    iface->write_commit = f_write_commit;
    iface->write_abort = f_write_abort;
    iface->read = f_read;
    iface->erase = f_erase;
    iface->list = f_list;
    iface->user = s;
    rc = mount(s);
    if (rc < 0) {
        s->locked = 1;
        s->n = 0;
        s->error = rc;
    }
    return rc;
}

uint32_t wcap_dev_store_flash_used(const wcap_dev_store_flash_t *s)
{
    uint32_t u = HDR_SIZE;
    for (uint32_t i = 0; i < s->n; i++)
        u += rec_size(s->e[i].len) * (s->e[i].mono ? 2u : 1u);
    return u;
}

uint32_t wcap_dev_store_flash_capacity(const wcap_dev_store_flash_t *s)
{
    return s->bank_size;
}
