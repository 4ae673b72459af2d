/*
 * Calling a capsule's lifecycle hooks (the optional exports init, start, stop
 * and tick; docs/coap.md): above the call path (calls.c), below trap recovery
 * (recover.c) and the lifecycle (lifecycle.c), which decide when.
 */
#include <string.h>

#include "dev_internal.h"

int wcap_dev_hook(wcap_dev_t *dev, int index, const char *hook)
{
    if (wcap_rt_find_export(&dev->slots[index].cap.rt, hook) == NULL)
        return WCAP_OK;
    wcap_dev_call(dev, index, hook, NULL, 0);
    return dev->resp.code;
}

int wcap_dev_init_hook(wcap_dev_t *dev, int index)
{
    char trap[sizeof dev->resp.message];
    int rc = wcap_dev_hook(dev, index, "init");

    if (rc == WCAP_OK)
        return WCAP_OK;
    memcpy(trap, dev->resp.message, sizeof trap); /* e.g. the trap's text */
    memset(&dev->resp, 0, sizeof dev->resp);
    wcap_dev_set_error(&dev->resp, WCAP_E_DEV_INIT);
    if (rc == WCAP_E_RT_TRAP) {
        static const char pfx[] = "init trapped: ";
        memcpy(dev->resp.message, pfx, sizeof pfx - 1);
        strncpy(dev->resp.message + sizeof pfx - 1, trap, sizeof dev->resp.message - sizeof pfx);
        dev->resp.message[sizeof dev->resp.message - 1] = '\0';
    }
    return WCAP_E_DEV_INIT;
}

void wcap_dev_stop_hook(wcap_dev_t *dev, int index)
{
    if (dev->slots[index].state == wcap_CapsuleState_STATE_RUNNING)
        (void)wcap_dev_hook(dev, index, "stop"); /* best effort: it goes anyway */
    memset(&dev->resp, 0, sizeof dev->resp);
}
