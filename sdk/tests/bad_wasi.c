/* Must be refused: reading stdin pulls in wasi_snapshot_preview1.fd_read,
 * which is outside wcap's WASI subset (printf alone would be accepted). */
#include <stdio.h>

#include "wcap.h"

WCAP_EXPORT(run) int32_t run(void)
{
    char line[16];
    return fgets(line, sizeof line, stdin) != NULL;
}
