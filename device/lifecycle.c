/*
 * The persistent-capsule lifecycle (docs/coap.md): `init` after every load
 * (install: before the commit, so a failing init keeps the old version;
 * boot: after the reload), `start`/`stop` with the run state (state.c),
 * `stop` before a running capsule is replaced or removed, and `tick` for
 * running capsules, called periodically by the device's main loop.
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
    wcap_dev_set_error(dev, WCAP_E_DEV_INIT);
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

/* A failed tick: a trap gets the on-trap policy (recover.c), anything else
 * stops the capsule in RAM; either way a device event says what happened. */
static void tick_failed(wcap_dev_t *dev, int index, int rc)
{
    static const char stopped[] = "tick failed: capsule stopped";
    static const char restarted[] = "tick trapped: capsule restarted";
    static const char trap_stopped[] = "tick trapped: capsule stopped";
    const char *what = stopped;
    size_t len = sizeof stopped - 1;

    if (rc == WCAP_E_RT_TRAP) {
        wcap_dev_after_trap(dev, index);
        int again = dev->resp.body.result.after_trap == wcap_TrapAction_TRAP_ACTION_RESTARTED;
        what = again ? restarted : trap_stopped;
        len = again ? sizeof restarted - 1 : sizeof trap_stopped - 1;
    } else {
        dev->slots[index].state = wcap_CapsuleState_STATE_STOPPED;
    }
    memset(&dev->resp, 0, sizeof dev->resp);
    wcap_dev_send_event(dev, wcap_EventKind_EVENT_DEVICE, rc, (const uint8_t *)what, len, 1);
}

int wcap_dev_tick(wcap_dev_t *dev)
{
    int n = 0;

    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++) {
        wcap_dev_slot_t *s = &dev->slots[i];
        if (s->state != wcap_CapsuleState_STATE_RUNNING || wcap_rt_find_export(&s->cap.rt, "tick") == NULL)
            continue;
        n++;
        int rc = wcap_dev_hook(dev, (int)i, "tick");
        memset(&dev->resp, 0, sizeof dev->resp);
        if (rc != WCAP_OK)
            tick_failed(dev, (int)i, rc);
    }
    return n;
}
