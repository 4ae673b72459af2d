/*
 * Timed capsule entry for the boards, where only the device can see time:
 * export "run_ms"(scale) -> i32 = virtual milliseconds bench_run(scale) took
 * (wcap.millis), or -1 - code when the self-check failed. Under QEMU
 * `-icount shift=0` one millisecond is 10^6 guest instructions. The start is
 * aligned to a millisecond edge so only the end is quantised (+-1 ms).
 */
#include "bench.h"

__attribute__((import_module("wcap"), import_name("millis"))) long long wcap_millis(void);

__attribute__((export_name("run_ms"))) int run_ms(int scale)
{
    long long edge = wcap_millis(), t0;
    while ((t0 = wcap_millis()) == edge) {
    }
    int r = bench_run(scale);
    long long t1 = wcap_millis();
    return r == 0 ? (int)(t1 - t0) : -1 - r;
}
