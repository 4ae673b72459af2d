/* app: a capsule of a project outside the wcap tree (examples/out_of_tree/CMakeLists.txt).
 * `run` logs a line and returns 7; `sum` adds its arguments. */
#include "wcap.h"

WCAP_EXPORT(run) int32_t run(void)
{
    wcap_log_str("app built with find_package(wcap)");
    return 7;
}

WCAP_EXPORT(sum) int32_t sum(int32_t a, int32_t b)
{
    return a + b;
}
