/*
 * sdk.helpers: runs the formatting helpers of wcap.h inside a capsule and
 * returns 0 when every case matches, else the number of the first failing
 * case (each result is also logged, so a failure shows what was produced).
 */
#include "wcap.h"

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

typedef struct {
    int64_t v;
    const char *want;
} dec_case_t;

static const dec_case_t dec_cases[] = {
    {0, "0"},
    {7, "7"},
    {-1, "-1"},
    {1234567890123LL, "1234567890123"},
    {INT64_MAX, "9223372036854775807"},
    {INT64_MIN, "-9223372036854775808"},
};

WCAP_EXPORT(run) int32_t run(void)
{
    char buf[WCAP_FMT_MAX];
    int32_t n = 0;

    for (uint32_t i = 0; i < sizeof dec_cases / sizeof dec_cases[0]; i++) {
        n++;
        uint32_t len = wcap_fmt_i64(buf, dec_cases[i].v);
        wcap_log_str(buf);
        if (!same(buf, dec_cases[i].want) || len != wcap_strlen(dec_cases[i].want))
            return n;
    }
    n++;
    wcap_fmt_u64(buf, UINT64_MAX);
    wcap_log_str(buf);
    if (!same(buf, "18446744073709551615"))
        return n;
    n++;
    wcap_fmt_hex(buf, 0xBEEFu, 8);
    wcap_log_str(buf);
    if (!same(buf, "0x0000beef"))
        return n;
    n++;
    if (wcap_fmt_hex(buf, UINT64_MAX, 99) != 18u || !same(buf, "0xffffffffffffffff"))
        return n;
    wcap_log_int("answer=", 42);
    return 0;
}
