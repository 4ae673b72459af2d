/* spec.values: the spec runner's value parsing and NaN matching rules. */
#include <stdio.h>
#include <string.h>

#include "spec_values.h"

static int failures;

#define CHECK(cond)                                                \
    do {                                                           \
        if (!(cond)) {                                             \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                            \
        }                                                          \
    } while (0)

static int matches_f32(const char *exp, uint32_t bits)
{
    spec_value_t v;
    wcap_val_t got;
    if (spec_value_parse(exp, &v) != 0)
        return -1;
    memcpy(&got.f32, &bits, 4);
    return spec_value_matches(&v, &got);
}

static int matches_f64(const char *exp, uint64_t bits)
{
    spec_value_t v;
    wcap_val_t got;
    if (spec_value_parse(exp, &v) != 0)
        return -1;
    memcpy(&got.f64, &bits, 8);
    return spec_value_matches(&v, &got);
}

int main(void)
{
    spec_value_t v;
    wcap_val_t w;
    char buf[48];

    CHECK(spec_value_parse("i32:4294967295", &v) == 0 && v.type == 'i' && v.bits == 0xFFFFFFFFu);
    CHECK(spec_value_parse("i32:4294967296", &v) != 0);
    CHECK(spec_value_parse("i64:18446744073709551615", &v) == 0 && v.type == 'I');
    CHECK(spec_value_parse("i32:nan:canonical", &v) != 0);
    CHECK(spec_value_parse("f32:-1", &v) != 0);
    CHECK(spec_value_parse("v128:1", &v) != 0);
    CHECK(spec_value_parse("f64:12x", &v) != 0);

    /* exact: bits, so -0.0 != +0.0 and NaN payloads matter */
    CHECK(matches_f32("f32:2147483648", 0x80000000u) == 1);
    CHECK(matches_f32("f32:0", 0x80000000u) == 0);
    CHECK(matches_f32("f32:2143289344", 0x7FC00000u) == 1);
    CHECK(matches_f32("f32:2143289344", 0x7FC00001u) == 0);

    /* canonical NaN: quiet bit only, either sign */
    CHECK(matches_f32("f32:nan:canonical", 0x7FC00000u) == 1);
    CHECK(matches_f32("f32:nan:canonical", 0xFFC00000u) == 1);
    CHECK(matches_f32("f32:nan:canonical", 0x7FC00001u) == 0);
    CHECK(matches_f32("f32:nan:canonical", 0x7FA00000u) == 0);
    CHECK(matches_f32("f32:nan:canonical", 0x7F800000u) == 0); /* infinity */
    /* arithmetic NaN: quiet bit set, any payload */
    CHECK(matches_f32("f32:nan:arithmetic", 0x7FC00001u) == 1);
    CHECK(matches_f32("f32:nan:arithmetic", 0xFFFFFFFFu) == 1);
    CHECK(matches_f32("f32:nan:arithmetic", 0x7F800001u) == 0); /* signalling */
    CHECK(matches_f64("f64:nan:canonical", 0x7FF8000000000000ull) == 1);
    CHECK(matches_f64("f64:nan:canonical", 0x7FF8000000000001ull) == 0);
    CHECK(matches_f64("f64:nan:arithmetic", 0xFFF8000000000001ull) == 1);
    CHECK(matches_f64("f64:nan:arithmetic", 0x7FF0000000000001ull) == 0);
    CHECK(matches_f64("f64:9218868437227405312", 0x7FF0000000000000ull) == 1);

    CHECK(spec_value_parse("i64:81985529216486895", &v) == 0);
    spec_value_store(&v, &w);
    CHECK(w.i64 == 0x0123456789ABCDEFull);
    spec_value_format('I', &w, buf, sizeof buf);
    CHECK(strcmp(buf, "i64:81985529216486895") == 0);

    if (failures == 0)
        printf("spec.values: all checks passed\n");
    return failures != 0;
}
