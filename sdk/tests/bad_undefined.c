/* Must be refused: an undefined function becomes an import outside "wcap". */
#include "wcap.h"

int32_t helper_nobody_defines(int32_t x);

WCAP_EXPORT(run) int32_t run(void)
{
    return helper_nobody_defines(1);
}
