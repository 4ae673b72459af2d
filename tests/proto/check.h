/* Minimal assertions for the proto.* unit tests: a failed CHECK prints the
 * location and makes the test exit 1. */
#ifndef WCAP_TEST_CHECK_H
#define WCAP_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures++;                                                        \
        }                                                                            \
    } while (0)

#define CHECK_DONE()                                                 \
    do {                                                             \
        if (check_failures) {                                        \
            fprintf(stderr, "%d check(s) failed\n", check_failures); \
            return 1;                                                \
        }                                                            \
        printf("ok\n");                                              \
        return 0;                                                    \
    } while (0)

/* Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
static unsigned test_rand_state = 2463534242u;
static inline unsigned test_rand(void)
{
    unsigned x = test_rand_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return test_rand_state = x;
}

#endif
