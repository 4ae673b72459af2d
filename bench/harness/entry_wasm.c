/* The capsule entry: export "run"(scale: i32) -> i32, 0 when the self-check passed. */
#include "bench.h"

__attribute__((export_name("run"))) int run(int scale)
{
    return bench_run(scale);
}
