/* Must be refused: 16 KiB of data does not fit MEMORY_MAX 8192. */
#include "wcap.h"

static volatile uint8_t table[16384];

WCAP_EXPORT(run) int32_t run(void)
{
    table[100] = 1;
    return table[100];
}
