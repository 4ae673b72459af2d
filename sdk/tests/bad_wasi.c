/* Must be refused: printf pulls WASI imports (fd_write, ...) out of wasi-libc. */
#include <stdio.h>

#include "wcap.h"

WCAP_EXPORT(run) int32_t run(void)
{
    printf("not on a device\n");
    return 0;
}
