/*
 * A capsule's run state (ready, running, stopped) as persisted in the store:
 * record "sta/<name>", one byte, absent means ready, so that it survives a
 * restart: at boot (lifecycle.c) a running capsule's `start` export is called
 * again and a stopped one stays stopped. Start and Stop (cmd_capsules.c) save
 * it; an install resets it to ready.
 */
#include <string.h>

#include "dev_internal.h"

int wcap_dev_state_save(wcap_dev_t *dev, const char *name, uint8_t state)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];

    if (st == NULL)
        return WCAP_OK;
    wcap_dev_record_name(rec, "sta/", name);
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

int wcap_dev_state_load(wcap_dev_t *dev, const char *name, uint8_t *state)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];

    if (st == NULL)
        return WCAP_E_DEV_NOT_FOUND;
    wcap_dev_record_name(rec, "sta/", name);
    return st->read(st->user, rec, 0, state, 1) == 1 ? WCAP_OK : WCAP_E_DEV_NOT_FOUND;
}
