/*
 * The capsule-management requests: List, Remove, Describe, Call, Start and
 * Stop (Upload has its own file, upload.c). Each handler reads the request
 * `req` and fills the answer `resp`; service.c dispatches to them after the
 * role check. (resp is the device's one answer, dev->resp, which the call
 * and hook helpers below also write.)
 */
#include <string.h>

#include "dev_internal.h"

void wcap_dev_cmd_list(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    wcap_CapsuleList *l = &resp->body.list;
    uint32_t i = req->body.list.start;

    resp->which_body = wcap_Response_list_tag;
    for (; i < WCAP_DEV_SLOTS; i++) {
        const wcap_dev_slot_t *s = &dev->slots[i];
        if (s->state == wcap_CapsuleState_STATE_EMPTY)
            continue;
        if (l->entries_count == WCAP_DEV_LIST_PAGE) {
            l->next = i;
            return;
        }
        wcap_CapsuleEntry *e = &l->entries[l->entries_count++];
        memcpy(e->name, s->cap.name, sizeof s->cap.name);
        e->version = s->cap.version;
        e->ram = (uint32_t)s->cap.block_size;
        e->state = (wcap_CapsuleState)s->state;
        e->restarts = s->restarts;
    }
    l->next = 0;
}

void wcap_dev_cmd_remove(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    const char *name = req->body.remove.name;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
    int i;

    if (!wcap_name_ok(name) || (i = wcap_dev_slot_find(dev, name)) < 0) {
        wcap_dev_set_error(resp, WCAP_E_DEV_NOT_FOUND);
        return;
    }
    if (st != NULL) {
        wcap_dev_record_name(rec, "cap/", name);
        if (st->erase(st->user, rec) != 0) {
            wcap_dev_set_error(resp, WCAP_E_DEV_STORE);
            return; /* still installed and loaded */
        }
    }
    wcap_dev_stop_hook(dev, i);
    wcap_dev_state_forget(dev, name);
    wcap_dev_slot_unload(dev, i);
}

void wcap_dev_cmd_describe(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    const wcap_DescribeReq *r = &req->body.describe;
    int i = wcap_dev_find_named(dev, r->name);
    const wcap_export_t *e;

    if (i < 0)
        return;
    if ((e = wcap_rt_find_export(&dev->slots[i].cap.rt, r->export)) == NULL) {
        wcap_dev_set_error(resp, WCAP_E_RT_NO_EXPORT);
        return;
    }
    resp->which_body = wcap_Response_sig_tag;
    strncpy(resp->body.sig.sig, e->sig, sizeof resp->body.sig.sig - 1);
}

void wcap_dev_cmd_call(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    const wcap_CallReq *r = &req->body.call;
    int i = wcap_dev_find_named(dev, r->name);

    if (i < 0)
        return;
    if (dev->slots[i].state == wcap_CapsuleState_STATE_STOPPED) {
        wcap_dev_set_error(resp, WCAP_E_DEV_STOPPED);
        return;
    }
    wcap_dev_call(dev, i, r->export, r->args, r->args_count);
    if (resp->code == WCAP_E_RT_TRAP)
        wcap_dev_after_trap(dev, i); /* restarted or stopped before anything else runs in it */
}

/* A capsule stopped after a trap is re-instantiated (and its init run)
 * before Start runs its `start`; Stop leaves it as it is, without a hook. */
void wcap_dev_cmd_start_stop(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp, int start)
{
    const char *name = start ? req->body.start.name : req->body.stop.name;
    uint8_t state = start ? wcap_CapsuleState_STATE_RUNNING : wcap_CapsuleState_STATE_STOPPED;
    int i = wcap_dev_find_named(dev, name), rc, hook = 1;

    if (i < 0)
        return;
    if (dev->slots[i].flags & WCAP_DEV_SLOT_DIRTY) { /* stopped after a trap */
        hook = start;                                /* Stop: nothing to stop, its instance is not usable */
        if (start && wcap_dev_restart(dev, i) != WCAP_OK) {
            memset(resp, 0, sizeof *resp);
            wcap_dev_set_error(resp, WCAP_E_DEV_RESTART); /* still stopped */
            return;
        }
    }
    if (hook && wcap_dev_hook(dev, i, start ? "start" : "stop") != WCAP_OK) {
        if (resp->code == WCAP_E_RT_TRAP)
            wcap_dev_after_trap(dev, i); /* restarted, or stopped by its policy */
        return;                          /* state unchanged otherwise; the response carries the error or trap */
    }
    memset(resp, 0, sizeof *resp);
    dev->slots[i].state = state;
    if ((rc = wcap_dev_state_save(dev, name, state)) != WCAP_OK)
        wcap_dev_set_error(resp, rc); /* applied now, but will not survive a restart */
}
