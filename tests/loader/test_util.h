/* Tiny assertion helpers for the loader and runtime tests. */
#ifndef WCAP_TEST_UTIL_H
#define WCAP_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>

static int tu_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            tu_failures++;                                                           \
        }                                                                            \
    } while (0)

#define CHECK_EQ(a, b)                                                                                         \
    do {                                                                                                       \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                                  \
        if (va_ != vb_) {                                                                                      \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, va_, #b, vb_); \
            tu_failures++;                                                                                     \
        }                                                                                                      \
    } while (0)

static int tu_finish(const char *name)
{
    if (tu_failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, tu_failures);
        return 1;
    }
    printf("%s: ok\n", name);
    return 0;
}

#endif
