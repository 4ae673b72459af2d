/* hello: the smallest useful capsule. Logs one line; `run` returns 42. */
#include "wcap.h"

WCAP_EXPORT(run) int32_t run(void)
{
    wcap_log_str("hello from wcap");
    return 42;
}
