/*
 * proto.log_ring: the device's log ring (device/log_ring.c) on its own:
 * lines in order with their sequence numbers, wraparound over many sizes,
 * the lost count, a `since` beyond the newest line, pieces joined into one
 * line, the open line not served, name and text cut at their bounds, control
 * characters, a buffer too small, and no byte written outside the buffer.
 */
#include <string.h>

#include "check.h"
#include "wcap/dev/log_ring.h"
#include "wcap/errors.h"

static void put(wcap_log_ring_t *r, const char *name, const char *text)
{
    wcap_log_write(r, name, (const uint8_t *)text, strlen(text), 1);
}

/* Line `since`+1 is seq, name and text. */
static int line_is(const wcap_log_ring_t *r, uint32_t since, uint32_t seq, const char *name, const char *text)
{
    wcap_log_line_t l;
    return wcap_log_read(r, since, &l) && l.seq == seq && !strcmp(l.name, name) && !strcmp(l.text, text);
}

static void test_basic(void)
{
    static uint8_t buf[512];
    wcap_log_ring_t r;
    wcap_log_line_t l;

    CHECK(wcap_log_init(&r, buf, sizeof buf, 7u) == WCAP_OK);
    CHECK(wcap_log_last(&r) == 0 && !wcap_log_read(&r, 0, &l) && wcap_log_lost(&r, 0) == 0);
    put(&r, "ticker", "tick 1");
    put(&r, "other", "hello");
    put(&r, "ticker", "");
    CHECK(wcap_log_last(&r) == 3);
    CHECK(line_is(&r, 0, 1, "ticker", "tick 1"));
    CHECK(line_is(&r, 1, 2, "other", "hello"));
    CHECK(line_is(&r, 2, 3, "ticker", ""));
    CHECK(!wcap_log_read(&r, 3, &l));
    /* since beyond the newest line (a reader of an earlier boot): nothing, nothing lost */
    CHECK(!wcap_log_read(&r, 1000, &l) && wcap_log_lost(&r, 1000) == 0);
    CHECK(!wcap_log_read(&r, UINT32_MAX, &l));
}

static void test_pieces(void)
{
    static uint8_t buf[512];
    wcap_log_ring_t r;
    wcap_log_line_t l;

    CHECK(wcap_log_init(&r, buf, sizeof buf, 7u) == WCAP_OK);
    wcap_log_write(&r, "w", (const uint8_t *)"abc", 3, 0);
    CHECK(wcap_log_last(&r) == 0 && !wcap_log_read(&r, 0, &l)); /* open: not served yet */
    wcap_log_write(&r, "w", (const uint8_t *)"def", 3, 1);
    CHECK(line_is(&r, 0, 1, "w", "abcdef"));
    /* another capsule ends the open line; a '\n' inside splits; control bytes become '?' */
    wcap_log_write(&r, "w", (const uint8_t *)"x", 1, 0);
    wcap_log_write(&r, "v", (const uint8_t *)"one\ntwo\r\n\x01\x7f", 11, 1);
    CHECK(line_is(&r, 1, 2, "w", "x"));
    CHECK(line_is(&r, 2, 3, "v", "one"));
    CHECK(line_is(&r, 3, 4, "v", "two"));
    CHECK(line_is(&r, 4, 5, "v", "??"));
    /* a tick that left its line open: ended by wcap_log_end_line */
    wcap_log_write(&r, "v", (const uint8_t *)"half", 4, 0);
    CHECK(wcap_log_last(&r) == 5);
    wcap_log_end_line(&r);
    CHECK(line_is(&r, 5, 6, "v", "half") && wcap_log_last(&r) == 6);
}

static void test_bounds(void)
{
    static uint8_t buf[WCAP_LOG_RECORD_MAX + 16];
    char longname[80], longtext[400], want[WCAP_LOG_TEXT_MAX + 1];
    wcap_log_ring_t r;
    wcap_log_line_t l;

    CHECK(wcap_log_init(&r, buf, WCAP_LOG_RECORD_MAX - 1, 7u) == WCAP_E_DEV_LOG_SIZE);
    put(&r, "a", "b"); /* an unusable ring takes nothing and serves nothing */
    CHECK(!wcap_log_read(&r, 0, &l) && wcap_log_last(&r) == 0);
    CHECK(wcap_log_init(&r, NULL, 4096, 7u) == WCAP_E_DEV_LOG_SIZE);

    memset(buf, 0xA5, sizeof buf);
    CHECK(wcap_log_init(&r, buf, WCAP_LOG_RECORD_MAX, 7u) == WCAP_OK); /* exactly one largest record */
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    for (size_t i = 0; i < sizeof longtext - 1; i++)
        longtext[i] = (char)('a' + i % 26);
    longtext[sizeof longtext - 1] = '\0';
    put(&r, longname, longtext);
    CHECK(wcap_log_read(&r, 0, &l) && l.seq == 1);
    CHECK(strlen(l.name) == WCAP_LOG_NAME_MAX && strspn(l.name, "n") == WCAP_LOG_NAME_MAX);
    memcpy(want, longtext, WCAP_LOG_TEXT_MAX);
    want[WCAP_LOG_TEXT_MAX] = '\0';
    CHECK(!strcmp(l.text, want));
    /* the text keeps being cut in pieces too */
    wcap_log_write(&r, "p", (const uint8_t *)longtext, 100, 0);
    wcap_log_write(&r, "p", (const uint8_t *)longtext, 100, 1);
    CHECK(wcap_log_read(&r, 1, &l) && l.seq == 2 && strlen(l.text) == WCAP_LOG_TEXT_MAX);
    CHECK(wcap_log_lost(&r, 0) == 1 && wcap_log_read(&r, 0, &l) && l.seq == 2); /* the first overwritten */
    for (size_t i = WCAP_LOG_RECORD_MAX; i < sizeof buf; i++)
        CHECK(buf[i] == 0xA5); /* nothing written past the capacity */
}

/* Many lines of varying size through rings of many sizes: every line still
 * held reads back as written, in order, and lost + held = written. */
static void test_wrap(void)
{
    static uint8_t buf[700];
    char name[8], text[WCAP_LOG_TEXT_MAX + 20];

    for (size_t cap = WCAP_LOG_RECORD_MAX; cap <= 600; cap += 37) {
        wcap_log_ring_t r;
        memset(buf, 0x5A, sizeof buf);
        CHECK(wcap_log_init(&r, buf, cap, 7u) == WCAP_OK);
        for (uint32_t n = 1; n <= 400; n++) {
            size_t tl = test_rand() % (WCAP_LOG_TEXT_MAX + 10);
            snprintf(name, sizeof name, "c%u", (unsigned)(n % 7));
            for (size_t i = 0; i < tl; i++)
                text[i] = (char)('0' + (n + i) % 10);
            text[tl] = '\0';
            put(&r, name, text);
            CHECK(wcap_log_last(&r) == n);
            wcap_log_line_t l;
            CHECK(wcap_log_read(&r, n - 1, &l) && l.seq == n && !strcmp(l.name, name));
            CHECK(strlen(l.text) == (tl < WCAP_LOG_TEXT_MAX ? tl : WCAP_LOG_TEXT_MAX));
            CHECK(!strncmp(l.text, text, strlen(l.text)));
            /* from 0: the oldest held line follows the lost ones */
            uint32_t lost = wcap_log_lost(&r, 0), held = 0, prev = lost;
            for (uint32_t s = 0; wcap_log_read(&r, s, &l); s = l.seq) {
                CHECK(l.seq == prev + 1);
                prev = l.seq;
                held++;
            }
            CHECK(lost + held == n && held >= 1);
            /* a reader that saw line n - 2 lost nothing unless the ring holds fewer than 2 lines */
            if (held >= 2)
                CHECK(wcap_log_lost(&r, n - 2) == 0);
        }
        for (size_t i = cap; i < sizeof buf; i++)
            CHECK(buf[i] == 0x5A);
    }
}

int main(void)
{
    test_basic();
    test_pieces();
    test_bounds();
    test_wrap();
    CHECK_DONE();
}
