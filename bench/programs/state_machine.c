/*
 * state_machine: a byte-at-a-time parser for NMEA-0183-style sentences
 * ("$GPGGA,4807.038,N,-12.5,,A*5C\r\n") over a 4 KiB noisy stream: a switch
 * over eleven states with a branch per character class. It validates the
 * talker and type, parses numeric and text fields, and checks the XOR
 * checksum.
 * Unit: parse the stream 4 times.
 * Check: the counts of valid, bad-checksum and truncated sentences, the number
 * of fields and the sum of the integer parts of numeric fields in valid
 * sentences equal what the generator recorded while writing the stream.
 */
#include "bench.h"

#define STREAM_LEN 4096
#define PASSES 4

typedef struct {
    uint32_t valid, bad_sum, truncated, fields;
    int32_t int_sum;
} tally_t;

static char stream[STREAM_LEN];
static size_t stream_len;
static tally_t generated, parsed;

/* ---- generator ------------------------------------------------------------ */

typedef struct {
    char *p;
    uint32_t seed;
} gen_t;

static uint32_t rnd(gen_t *g, uint32_t n)
{
    return bench_rand(&g->seed) % n;
}

static void put(gen_t *g, char c)
{
    *g->p++ = c;
}

static int32_t gen_number(gen_t *g)
{
    int neg = rnd(g, 4) == 0;
    int32_t v = 0;
    if (neg)
        put(g, '-');
    for (uint32_t d = 0, n = 1 + rnd(g, 5); d < n; d++) {
        uint32_t digit = rnd(g, 10);
        put(g, (char)('0' + digit));
        v = v * 10 + (int32_t)digit;
    }
    if (rnd(g, 2)) {
        put(g, '.');
        for (uint32_t d = 0, n = 1 + rnd(g, 3); d < n; d++)
            put(g, (char)('0' + rnd(g, 10)));
    }
    return neg ? -v : v;
}

/* Writes one sentence; returns 0 when it would not fit. */
static int gen_sentence(gen_t *g, const char *end)
{
    static const char types[][4] = {"GGA", "RMC", "GSV", "VTG", "GLL"};
    static const char letters[] = "NSEWAMV";
    static const char noise[] = "#%&@!~xyz 0";
    if (end - g->p < 120)
        return 0;
    for (uint32_t n = rnd(g, 8) == 0 ? 1 + rnd(g, 6) : 0; n > 0; n--)
        put(g, noise[rnd(g, sizeof noise - 1)]);
    uint32_t kind = rnd(g, 10); /* 0: bad checksum, 1: truncated, else valid */
    put(g, '$');
    char *body = g->p;
    put(g, 'G');
    put(g, 'P');
    for (int i = 0; i < 3; i++)
        put(g, types[rnd(g, 5)][i]);
    uint32_t nfields = 2 + rnd(g, 9);
    int32_t sum = 0;
    for (uint32_t f = 0; f < nfields; f++) {
        put(g, ',');
        uint32_t what = rnd(g, 5);
        if (what < 3)
            sum += gen_number(g);
        else if (what == 3)
            put(g, letters[rnd(g, sizeof letters - 1)]);
    }
    if (kind == 1) {
        generated.truncated++;
    } else {
        uint8_t x = 0;
        for (const char *q = body; q < g->p; q++)
            x ^= (uint8_t)*q;
        if (kind == 0)
            x ^= (uint8_t)(1 + rnd(g, 255));
        static const char hex[] = "0123456789ABCDEF";
        put(g, '*');
        put(g, hex[x >> 4]);
        put(g, hex[x & 15]);
        if (kind == 0) {
            generated.bad_sum++;
        } else {
            generated.valid++;
            generated.fields += nfields;
            generated.int_sum += sum;
        }
    }
    put(g, '\r');
    put(g, '\n');
    return 1;
}

static void generate(void)
{
    gen_t g = {stream, 0x4E4D4541u};
    const char *end = stream + STREAM_LEN;
    while (gen_sentence(&g, end)) {
    }
    stream_len = (size_t)(g.p - stream);
}

/* ---- parser --------------------------------------------------------------- */

typedef enum { S_HUNT, S_TALKER, S_TYPE, S_FIELD, S_SIGN, S_INT, S_FRAC, S_TEXT, S_SUM_HI, S_SUM_LO, S_END } state_t;

typedef struct {
    state_t state;
    uint32_t count; /* characters seen in the current token */
    uint8_t xor_sum, want;
    int neg;
    int32_t value, sum;
    uint32_t fields;
} parser_t;

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void end_field(parser_t *p)
{
    if (p->state == S_INT || p->state == S_FRAC)
        p->sum += p->neg ? -p->value : p->value;
    p->fields++;
}

static void start_field(parser_t *p)
{
    p->state = S_FIELD;
    p->neg = 0;
    p->value = 0;
}

/* Between '$' and '*': the bytes the checksum covers. */
static int in_body(const parser_t *p)
{
    return (p->state > S_HUNT && p->state < S_SUM_HI) || (p->state == S_END && p->count != 0xFF);
}

static void step(parser_t *p, tally_t *t, char c)
{
    if ((c == '\r' || c == '\n') && (in_body(p) || p->state == S_SUM_HI || p->state == S_SUM_LO)) {
        t->truncated++;
        p->state = S_HUNT;
        return;
    }
    if (in_body(p) && c != '*')
        p->xor_sum ^= (uint8_t)c;
    switch (p->state) {
    case S_HUNT:
        if (c == '$') {
            p->state = S_TALKER;
            p->count = 0;
            p->xor_sum = 0;
            p->sum = 0;
            p->fields = 0;
        }
        break;
    case S_TALKER:
    case S_TYPE:
        if (c < 'A' || c > 'Z') {
            p->state = S_HUNT;
        } else if (++p->count == 2 && p->state == S_TALKER) {
            p->state = S_TYPE;
            p->count = 0;
        } else if (p->count == 3 && p->state == S_TYPE) {
            p->state = S_END; /* expects ',' next */
        }
        break;
    case S_FIELD:
    case S_SIGN:
    case S_INT:
    case S_FRAC:
    case S_TEXT:
        if (c == ',' || c == '*') {
            end_field(p);
            if (c == ',')
                start_field(p);
            else
                p->state = S_SUM_HI;
        } else if (c == '-' && p->state == S_FIELD) {
            p->neg = 1;
            p->state = S_SIGN;
        } else if (c >= '0' && c <= '9' && p->state <= S_INT && p->state != S_TEXT) {
            p->value = p->value * 10 + (c - '0');
            p->state = S_INT;
        } else if (c >= '0' && c <= '9' && p->state == S_FRAC) {
            /* fraction digits do not count towards the integer sum */
        } else if (c == '.' && p->state == S_INT) {
            p->state = S_FRAC;
        } else if (c >= 'A' && c <= 'Z' && p->state == S_FIELD) {
            p->state = S_TEXT;
        } else {
            p->state = S_HUNT;
        }
        break;
    case S_SUM_HI:
    case S_SUM_LO: {
        int v = hex_value(c);
        if (v < 0) {
            p->state = S_HUNT;
        } else if (p->state == S_SUM_HI) {
            p->want = (uint8_t)(v << 4);
            p->state = S_SUM_LO;
        } else {
            p->want |= (uint8_t)v;
            p->state = S_END;
            p->count = 0xFF; /* marks "checksum read" */
        }
        break;
    }
    case S_END:
        if (p->count != 0xFF) { /* after the sentence type */
            if (c == ',')
                start_field(p);
            else
                p->state = S_HUNT;
        } else if (c == '\r') {
            /* wait for '\n' */
        } else if (c == '\n') {
            if (p->want == p->xor_sum) {
                t->valid++;
                t->fields += p->fields;
                t->int_sum += p->sum;
            } else {
                t->bad_sum++;
            }
            p->state = S_HUNT;
        } else {
            p->state = S_HUNT;
        }
        break;
    }
}

static void parse(const char *s, size_t n, tally_t *t)
{
    parser_t p = {0};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n; i++)
        step(&p, t, s[i]);
}

static uint32_t unit(void)
{
    uint32_t r = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        parse(stream + bench_zero(), stream_len, &parsed);
        r = r * 31 + parsed.valid * 7 + parsed.fields + (uint32_t)parsed.int_sum;
    }
    return r;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    memset(&generated, 0, sizeof generated);
    generate();
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    if (generated.valid < 10 || generated.bad_sum == 0 || generated.truncated == 0)
        return 1;
    if (parsed.valid != generated.valid || parsed.bad_sum != generated.bad_sum ||
        parsed.truncated != generated.truncated)
        return 2;
    if (parsed.fields != generated.fields || parsed.int_sum != generated.int_sum)
        return 3;
    return same.differs ? 4 : 0;
}
