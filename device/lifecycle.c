/*
 * The persistent-capsule lifecycle (docs/coap.md) where the device itself
 * drives it: at boot, every stored capsule is reloaded through the loader,
 * its version checked against the floor, `init` run and its run state
 * restored (`start` again when it was running); `tick` for running capsules,
 * called periodically by the device's main loop. Install (upload.c) runs
 * `init` before its commit and `stop` before replacing a running capsule;
 * Start/Stop and Remove are requests (cmd_capsules.c). What the capsules log
 * from a tick or at boot is no request's: it also goes to the log ring.
 */
#include <string.h>

#include "dev_internal.h"

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

/* Capsule output from here on is not a request's: it goes to the log ring too. */
static void background(wcap_dev_t *dev, int on)
{
    dev->background = (uint8_t)on;
    if (dev->log != NULL)
        wcap_log_end_line(dev->log); /* a line left open by one tick or init ends with it */
}

int wcap_dev_tick(wcap_dev_t *dev)
{
    int n = 0;

    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++) {
        wcap_dev_slot_t *s = &dev->slots[i];
        if (s->state != wcap_CapsuleState_STATE_RUNNING || wcap_rt_find_export(&s->cap.rt, "tick") == NULL)
            continue;
        n++;
        background(dev, 1);
        int rc = wcap_dev_hook(dev, (int)i, "tick");
        memset(&dev->resp, 0, sizeof dev->resp);
        if (rc != WCAP_OK)
            tick_failed(dev, (int)i, rc); /* a restart's init logs into the ring too */
        background(dev, 0);
    }
    return n;
}

void wcap_dev_state_restore(wcap_dev_t *dev, int index)
{
    uint8_t state;

    if (dev->slots[index].flags & WCAP_DEV_SLOT_DIRTY)
        return; /* stopped after a trap at boot (its init): stays stopped */
    if (wcap_dev_state_load(dev, dev->slots[index].cap.name, &state) != WCAP_OK)
        return;
    if (state == wcap_CapsuleState_STATE_STOPPED)
        dev->slots[index].state = state;
    else if (state == wcap_CapsuleState_STATE_RUNNING && wcap_dev_hook(dev, index, "start") == WCAP_OK)
        dev->slots[index].state = state;
    else if (state == wcap_CapsuleState_STATE_RUNNING && dev->resp.code == WCAP_E_RT_TRAP)
        wcap_dev_after_trap(dev, index); /* a start that traps leaves it ready (restarted) or stopped */
}

/* Streams record `rec` through the loader into a free slot. */
static int boot_load(wcap_dev_t *dev, const char *rec, int *slot_out)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    uint8_t buf[128];
    uint32_t off = 0;
    int slot = wcap_dev_slot_free(dev), rc, n;

    if (slot < 0)
        return WCAP_E_DEV_SLOTS;
    /* The version was checked at install; the floor is compared below. */
    wcap_ldr_init(&dev->ld, &dev->ldr_run);
    rc = wcap_ldr_begin(&dev->ld, &dev->slots[slot].cap);
    while (rc == WCAP_OK && (n = st->read(st->user, rec, off, buf, sizeof buf)) > 0) {
        rc = wcap_ldr_feed(&dev->ld, buf, (size_t)n);
        off += (uint32_t)n;
    }
    if (rc == WCAP_OK)
        rc = wcap_ldr_finish(&dev->ld);
    if (rc != WCAP_OK) {
        wcap_ldr_abort(&dev->ld);
        memset(&dev->slots[slot], 0, sizeof dev->slots[slot]);
        return rc;
    }
    dev->slots[slot].state = wcap_CapsuleState_STATE_READY;
    wcap_dev_slot_loaded(dev, slot);
    *slot_out = slot;
    return WCAP_OK;
}

int wcap_dev_boot(wcap_dev_t *dev, void (*report)(const char *name, int err))
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
    int loaded = 0;

    wcap_dev_auth_boot(dev);
    if (st == NULL)
        return 0;
    background(dev, 1);
    for (uint32_t i = 0; st->list(st->user, i, rec, sizeof rec) == 1; i++) {
        int slot = -1, rc;
        if (strncmp(rec, "cap/", 4) != 0)
            continue;
        rc = boot_load(dev, rec, &slot);
        if (rc == WCAP_OK && strcmp(dev->slots[slot].cap.name, rec + 4) != 0)
            rc = WCAP_E_DEV_NAME; /* a record under the wrong name: refuse it */
        if (rc == WCAP_OK) {
            uint32_t floor;
            if (wcap_dev_version_floor(dev, rec + 4, &floor) == 0 && floor > dev->slots[slot].cap.version)
                rc = WCAP_E_LDR_ROLLBACK; /* a stored blob older than its floor */
        }
        if (rc == WCAP_OK)
            rc = wcap_dev_version_raise(dev, rec + 4, dev->slots[slot].cap.version);
        if (rc != WCAP_OK) {
            if (slot >= 0) /* loaded, then refused: drop it again */
                wcap_dev_slot_unload(dev, slot);
            if (report)
                report(rec + 4, rc);
            continue;
        }
        if (wcap_dev_init_hook(dev, slot) != WCAP_OK) {
            if (report)
                report(rec + 4, WCAP_E_DEV_INIT); /* kept: it is the installed version */
            if (dev->slots[slot].cap.rt.last_trap != WASM_RT_TRAP_NONE)
                wcap_dev_after_trap(dev, slot); /* restarted (init again) or stopped */
        }
        memset(&dev->resp, 0, sizeof dev->resp);
        wcap_dev_state_restore(dev, slot);
        loaded++;
    }
    background(dev, 0);
    return loaded;
}
