/*
 * svc: the persistent test capsule of tests/coap. Built as versions 1, 2 and 3
 * of the same name "svc" (-DSVC_VERSION=N); version 3 is built with
 * -DSVC_INIT_TRAPS so that its `init` export traps. -DSVC_BIG adds a 72 KB
 * table (for the block-wise upload test) that `run` folds into its result.
 *
 *   init     counts, logs "svc init vN"; traps in the SVC_INIT_TRAPS build
 *   version  returns N (so a test can tell which code answers)
 *   inits    how many times init ran in this instance (1 after a load)
 *   run      logs a line, returns 1000 * N (+ table checksum for SVC_BIG)
 *   tick     counts ticks; ticks returns the count
 *   add      (i32, i32) -> i32, for argument passing
 */
#include "wcap.h"

static int32_t n_init, n_tick;

#ifdef SVC_BIG
#define B1(i) (uint8_t)((i)*37u + 11u),
#define B4(i) B1(i) B1(i + 1) B1(i + 2) B1(i + 3)
#define B16(i) B4(i) B4(i + 4) B4(i + 8) B4(i + 12)
#define B64(i) B16(i) B16(i + 16) B16(i + 32) B16(i + 48)
#define B256(i) B64(i) B64(i + 64) B64(i + 128) B64(i + 192)
#define B1K(i) B256(i) B256(i + 256) B256(i + 512) B256(i + 768)
#define B8K(i) B1K(i) B1K(i + 1) B1K(i + 2) B1K(i + 3) B1K(i + 4) B1K(i + 5) B1K(i + 6) B1K(i + 7)
static const uint8_t table[] = {B8K(0) B8K(8) B8K(16) B8K(24) B8K(32) B8K(40) B8K(48) B8K(56) B8K(64)};
#endif

WCAP_EXPORT(init) void init(void)
{
#ifdef SVC_INIT_TRAPS
    __builtin_trap();
#endif
    n_init++;
    wcap_log_int("svc init v", SVC_VERSION);
}

WCAP_EXPORT(version) int32_t version(void)
{
    return SVC_VERSION;
}

WCAP_EXPORT(inits) int32_t inits(void)
{
    return n_init;
}

WCAP_EXPORT(run) int32_t run(void)
{
    int32_t r = 1000 * SVC_VERSION;
#ifdef SVC_BIG
    uint32_t sum = 0;
    for (uint32_t i = 0; i < sizeof table; i++)
        sum = sum * 31u + table[i];
    r += (int32_t)(sum & 0xFFu);
#endif
    wcap_log_int("svc run v", SVC_VERSION);
    return r;
}

WCAP_EXPORT(tick) void tick(void)
{
    n_tick++;
}

WCAP_EXPORT(ticks) int32_t ticks(void)
{
    return n_tick;
}

WCAP_EXPORT(add) int32_t add(int32_t a, int32_t b)
{
    return a + b;
}
