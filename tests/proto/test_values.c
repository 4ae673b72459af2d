/* proto.values: command-line arguments typed by an export signature, and
 * results printed as i32/i64 signed decimal, f32 %.9g, f64 %.17g. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "client.h"
#include "diag.h"

static int parse(const char *sig, const char *a0, const char *a1, wcap_Value *out)
{
    char *argv[2] = {(char *)a0, (char *)a1};
    pb_size_t n = 0;
    int argc = a0 == NULL ? 0 : a1 == NULL ? 1 : 2;
    return wcapc_values_parse(sig, argv, argc, out, &n);
}

static const char *fmt(const wcap_Value *v)
{
    static char buf[64];
    wcapc_value_format(v, buf, sizeof buf);
    return buf;
}

int main(void)
{
    wcap_Value v[2];

    CHECK(parse("ii:i", "10000", "-7", v) == WCAPC_EXIT_OK);
    CHECK(v[0].which_v == wcap_Value_i32_tag && v[0].v.i32 == 10000 && v[1].v.i32 == -7);
    CHECK(parse("i:i", "4294967295", NULL, v) == WCAPC_EXIT_OK && v[0].v.i32 == -1); /* same bits */
    CHECK(parse("i:i", "0x10", NULL, v) == WCAPC_EXIT_OK && v[0].v.i32 == 16);
    CHECK(parse("i:i", "4294967296", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse("i:i", "-2147483649", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse("i:i", "12abc", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse("i:i", "", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse("I:I", "18446744073709551615", NULL, v) == WCAPC_EXIT_OK && v[0].v.i64 == -1);
    CHECK(parse("I:I", "-9223372036854775808", NULL, v) == WCAPC_EXIT_OK && v[0].v.i64 == INT64_MIN);
    CHECK(parse("I:I", "18446744073709551616", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse("fF:F", "1.5", "-0.1", v) == WCAPC_EXIT_OK);
    CHECK(v[0].which_v == wcap_Value_f32_tag && v[0].v.f32 == 1.5f);
    CHECK(v[1].which_v == wcap_Value_f64_tag && v[1].v.f64 == -0.1);
    CHECK(parse("F:F", "nan", NULL, v) == WCAPC_EXIT_OK && isnan(v[0].v.f64));
    CHECK(parse("f:f", "1.5x", NULL, v) == WCAPC_EXIT_USAGE);
    /* wrong count, malformed signature */
    CHECK(parse("ii:i", "1", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse(":i", "1", NULL, v) == WCAPC_EXIT_USAGE);
    CHECK(parse("ii", "1", "2", v) == WCAPC_EXIT_INPUT);

    /* printing */
    wcap_Value r = {.which_v = wcap_Value_i32_tag, .v.i32 = INT32_MIN};
    CHECK(!strcmp(fmt(&r), "-2147483648"));
    r.which_v = wcap_Value_i64_tag;
    r.v.i64 = -7010216965583598960LL;
    CHECK(!strcmp(fmt(&r), "-7010216965583598960"));
    r.which_v = wcap_Value_f32_tag;
    r.v.f32 = 0.1f;
    CHECK(!strcmp(fmt(&r), "0.100000001"));
    r.which_v = wcap_Value_f64_tag;
    r.v.f64 = 0.1;
    CHECK(!strcmp(fmt(&r), "0.10000000000000001"));
    r.v.f64 = -681.03116883116884;
    CHECK(!strncmp(fmt(&r), "-681.031168831168", 17));
    CHECK_DONE();
}
