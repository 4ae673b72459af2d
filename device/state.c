/*
 * Start and Stop: a capsule's run state (ready, running, stopped), persisted
 * in the store as record "sta/<name>" (one byte; absent means ready) so that
 * it survives a restart: at boot a running capsule's `start` export is called
 * again and a stopped one stays stopped. An install resets it to ready.
 */
#include <string.h>

#include "dev_internal.h"

static void state_record(char *out, const char *name)
{
    memcpy(out, "sta/", 4);
    memcpy(out + 4, name, strlen(name) + 1);
}

int wcap_dev_state_save(wcap_dev_t *dev, const char *name, uint8_t state)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];

    if (st == NULL)
        return WCAP_OK;
    state_record(rec, name);
    if (state == wcap_CapsuleState_STATE_READY)
        return st->erase(st->user, rec) == 0 ? WCAP_OK : WCAP_E_DEV_STORE;
    if (st->write_open(st->user, rec) != 0)
        return WCAP_E_DEV_STORE;
    if (st->write(st->user, &state, 1) != 0 || st->write_commit(st->user) != 0) {
        st->write_abort(st->user);
        return WCAP_E_DEV_STORE;
    }
    return WCAP_OK;
}

void wcap_dev_state_forget(wcap_dev_t *dev, const char *name)
{
    (void)wcap_dev_state_save(dev, name, wcap_CapsuleState_STATE_READY);
}

/* Calls the capsule's start/stop hook when it has one; 0 or the error (resp set). */
static int call_hook(wcap_dev_t *dev, int index, int start)
{
    const char *hook = start ? "start" : "stop";
    if (wcap_rt_find_export(&dev->slots[index].cap.rt, hook) == NULL)
        return 0;
    wcap_dev_call(dev, index, hook, NULL, 0);
    return dev->resp.code;
}

/* A capsule stopped after a trap is re-instantiated (and its init run)
 * before Start runs its `start`; Stop leaves it as it is, without a hook. */
void wcap_dev_cmd_start_stop(wcap_dev_t *dev, int start)
{
    const char *name = start ? dev->req.body.start.name : dev->req.body.stop.name;
    uint8_t state = start ? wcap_CapsuleState_STATE_RUNNING : wcap_CapsuleState_STATE_STOPPED;
    int i = wcap_dev_find_named(dev, name), rc, hook = 1;

    if (i < 0)
        return;
    if (dev->slots[i].flags & WCAP_DEV_SLOT_DIRTY) { /* stopped after a trap */
        hook = start; /* Stop: nothing to stop, its instance is not usable */
        if (start && wcap_dev_restart(dev, i) != WCAP_OK) {
            memset(&dev->resp, 0, sizeof dev->resp);
            wcap_dev_set_error(dev, WCAP_E_DEV_RESTART); /* still stopped */
            return;
        }
    }
    if (hook && call_hook(dev, i, start) != 0) {
        if (dev->resp.code == WCAP_E_RT_TRAP)
            wcap_dev_after_trap(dev, i); /* restarted, or stopped by its policy */
        return; /* state unchanged otherwise; the response carries the error or trap */
    }
    memset(&dev->resp, 0, sizeof dev->resp);
    dev->slots[i].state = state;
    if ((rc = wcap_dev_state_save(dev, name, state)) != WCAP_OK)
        wcap_dev_set_error(dev, rc); /* applied now, but will not survive a restart */
}

void wcap_dev_state_restore(wcap_dev_t *dev, int index)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t state;

    if (st == NULL || (dev->slots[index].flags & WCAP_DEV_SLOT_DIRTY))
        return; /* stopped after a trap at boot (its init): stays stopped */
    state_record(rec, dev->slots[index].cap.name);
    if (st->read(st->user, rec, 0, &state, 1) != 1)
        return;
    if (state == wcap_CapsuleState_STATE_STOPPED)
        dev->slots[index].state = state;
    else if (state == wcap_CapsuleState_STATE_RUNNING && call_hook(dev, index, 1) == 0)
        dev->slots[index].state = state;
    else if (state == wcap_CapsuleState_STATE_RUNNING && dev->resp.code == WCAP_E_RT_TRAP)
        wcap_dev_after_trap(dev, index); /* a start that traps leaves it ready (restarted) or stopped */
}
