/* Must be refused: module "wcap" has no function "reboot". */
#include "wcap.h"

__attribute__((import_module("wcap"), import_name("reboot"))) void wcap_reboot(void);

WCAP_EXPORT(run) int32_t run(void)
{
    wcap_reboot();
    return 0;
}
