/*
 * ticker: a capsule that logs from its tick export, for `wcap monitor`
 * (tests/monitor/monitor.sh): "tick N" each time the device ticks it, and
 * `ticks` returns how many there were.
 */
#include "wcap.h"

static int32_t n_tick;

WCAP_EXPORT(tick) void tick(void)
{
    char line[16] = "tick ";
    int32_t n = ++n_tick, d = 1, i = 5;
    while (d * 10 <= n)
        d *= 10;
    for (; d > 0; d /= 10)
        line[i++] = (char)('0' + n / d % 10);
    wcap_log(line, (uint32_t)i);
}

WCAP_EXPORT(ticks) int32_t ticks(void)
{
    return n_tick;
}
