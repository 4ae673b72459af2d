/*
 * After a trap: an installed capsule whose call (an export, or its init,
 * start, stop or tick hook) trapped may have been abandoned half-way through
 * an update of its instance, e.g. with the C shadow stack pointer (a Wasm
 * global) deep inside a recursion, so its next call would fail for that
 * reason instead of its own. Before anything else runs in it the device
 * applies the capsule's on-trap policy (manifest on_trap, `wcap build
 * --on-trap`):
 *   restart (default): re-instantiate it in place (wcap_capsule_restart: fresh
 *            linear memory, globals and tables; no signature check, no
 *            relocation), run `init`, and `start` when it was running;
 *   stop:    mark it stopped (persisted, like Stop): calls are refused until
 *            Start, which re-instantiates it first.
 * A restart whose init or start traps too stops the capsule in RAM. The trap's
 * answer says which happened (CallResult.after_trap). Ephemeral runs are
 * unloaded after their call and never get here. docs/memory-model.md.
 */
#include <string.h>

#include "dev_internal.h"

void wcap_dev_slot_loaded(wcap_dev_t *dev, int index)
{
    wcap_dev_slot_t *s = &dev->slots[index];
    const wcap_ldr_manifest_t *m = wcap_ldr_manifest(&dev->ld);

    s->flags = (m != NULL && m->on_trap == WCAP_ON_TRAP_STOP) ? WCAP_DEV_SLOT_STOP_ON_TRAP : 0u;
    s->restarts = 0;
}

int wcap_dev_restart(wcap_dev_t *dev, int index)
{
    wcap_dev_slot_t *s = &dev->slots[index];
    int rc;

    s->flags |= WCAP_DEV_SLOT_DIRTY;
    if (s->restarts < 0xFFFFu)
        s->restarts++;
    if ((rc = wcap_capsule_restart(&s->cap)) != WCAP_OK)
        return rc;
    s->flags &= (uint8_t)~WCAP_DEV_SLOT_DIRTY;
    if ((rc = wcap_dev_hook(dev, index, "init")) == WCAP_OK && s->state == wcap_CapsuleState_STATE_RUNNING)
        rc = wcap_dev_hook(dev, index, "start");
    if (rc == WCAP_E_RT_TRAP)
        s->flags |= WCAP_DEV_SLOT_DIRTY;
    return rc;
}

/* Applies the policy; returns the wcap_TrapAction taken. */
static wcap_TrapAction apply_policy(wcap_dev_t *dev, int index)
{
    wcap_dev_slot_t *s = &dev->slots[index];

    s->flags |= WCAP_DEV_SLOT_DIRTY;
    if (s->flags & WCAP_DEV_SLOT_STOP_ON_TRAP) {
        s->state = wcap_CapsuleState_STATE_STOPPED;
        (void)wcap_dev_state_save(dev, s->cap.name, s->state); /* best effort: stopped in RAM anyway */
        return wcap_TrapAction_TRAP_ACTION_STOPPED;
    }
    if (wcap_dev_restart(dev, index) == WCAP_OK)
        return wcap_TrapAction_TRAP_ACTION_RESTARTED;
    s->state = wcap_CapsuleState_STATE_STOPPED; /* in RAM: a reboot loads it afresh */
    return wcap_TrapAction_TRAP_ACTION_STOPPED;
}

void wcap_dev_after_trap(wcap_dev_t *dev, int index)
{
    wasm_rt_trap_t trap = dev->slots[index].cap.rt.last_trap;
    uint32_t peak = dev->resp.which_body == wcap_Response_result_tag ? dev->resp.body.result.stack_peak : 0u;
    char exit_text[20] = ""; /* "exit(N)": the code is gone once the policy restarts the capsule */
    wcap_TrapAction action;

    if (trap == WASM_RT_TRAP_EXIT)
        wcap_rt_trap_text(&dev->slots[index].cap.rt, exit_text, sizeof exit_text);
    action = apply_policy(dev, index); /* its hooks reuse dev->resp */

    memset(&dev->resp, 0, sizeof dev->resp);
    dev->resp.which_body = wcap_Response_result_tag;
    wcap_dev_set_error(&dev->resp, WCAP_E_RT_TRAP);
    strncpy(dev->resp.message, exit_text[0] ? exit_text : wcap_rt_trap_message(trap), sizeof dev->resp.message - 1);
    dev->resp.body.result.trap = (uint32_t)trap;
    dev->resp.body.result.stack_peak = peak;
    dev->resp.body.result.after_trap = action;
}
