/*
 * Chunked uploads streamed straight into the loader (and, for installs, into
 * the store), with duplicate-tolerant acks and resume; the install swap and
 * the ephemeral run. See docs/device-protocol.md.
 */
#include <string.h>

#include "dev_internal.h"

static void ack(wcap_Response *resp, uint32_t received)
{
    resp->which_body = wcap_Response_ack_tag;
    resp->body.ack.received = received;
}

void wcap_dev_upload_cancel(wcap_dev_t *dev)
{
    wcap_dev_upload_t *up = &dev->up;
    const wcap_dev_store_t *st = dev->cfg.store;

    if (!up->active)
        return;
    wcap_ldr_abort(&dev->ld);
    if (up->storing && st != NULL)
        st->write_abort(st->user);
    memset(&dev->slots[up->slot], 0, sizeof dev->slots[up->slot]);
    memset(up, 0, sizeof *up);
}

void wcap_dev_upload_abort(wcap_dev_t *dev)
{
    wcap_dev_upload_cancel(dev);
}

/* A rollback refusal names the version to exceed: "...: floor N"
 * (docs/device-protocol.md; `wcap push --bump` reads it). */
static void set_rollback_error(wcap_Response *resp, uint32_t floor)
{
    char detail[16] = "floor ", digits[10];
    uint32_t v = floor;
    size_t n = 0, at = 6;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    while (n > 0)
        detail[at++] = digits[--n];
    detail[at] = '\0';
    wcap_dev_set_error_detail(resp, WCAP_E_LDR_ROLLBACK, detail);
}

/* Ends the upload with error `code` (the new capsule is dropped). */
static void fail(wcap_dev_t *dev, wcap_Response *resp, int code)
{
    wcap_dev_upload_cancel(dev);
    if (code == WCAP_E_LDR_ROLLBACK)
        set_rollback_error(resp, dev->refused_floor);
    else
        wcap_dev_set_error_detail(resp, code, wcap_ldr_detail(&dev->ld)); /* names a refused host function */
}

static int begin_checks(const wcap_UploadBegin *b)
{
    if (b->total == 0)
        return WCAP_E_DEV_SIZE;
    if (b->mode == wcap_UploadMode_UPLOAD_INSTALL)
        return wcap_name_ok(b->name) ? WCAP_OK : WCAP_E_LDR_NAME;
    if (b->mode == wcap_UploadMode_UPLOAD_RUN)
        return b->export[0] != '\0' ? WCAP_OK : WCAP_E_RT_NO_EXPORT;
    return WCAP_E_DEV_MSG;
}

void wcap_dev_cmd_upload_begin(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    const wcap_UploadBegin *b = &req->body.upload_begin;
    const wcap_dev_store_t *st = dev->cfg.store;
    wcap_dev_upload_t *up = &dev->up;
    int rc, slot;

    if (b->resume && up->active && up->total == b->total && up->blob_crc == b->blob_crc &&
        up->mode == (uint8_t)b->mode) {
        ack(resp, up->received); /* the host continues from up->received */
        return;
    }
    wcap_dev_upload_cancel(dev);
    if ((rc = begin_checks(b)) != WCAP_OK) {
        wcap_dev_set_error(resp, rc);
        return;
    }
    /* One slot stays free for staging: a new name may not take the last one,
     * so an upgrade or a run is always possible. */
    int new_name = b->mode == wcap_UploadMode_UPLOAD_INSTALL && wcap_dev_slot_find(dev, b->name) < 0;
    if ((slot = wcap_dev_slot_free(dev)) < 0 || (new_name && wcap_dev_slots_used(dev) + 1 >= WCAP_DEV_SLOTS)) {
        wcap_dev_set_error(resp, WCAP_E_DEV_SLOTS);
        return;
    }
    wcap_ldr_init(&dev->ld, b->mode == wcap_UploadMode_UPLOAD_INSTALL ? &dev->ldr_cfg : &dev->ldr_run);
    if ((rc = wcap_ldr_begin(&dev->ld, &dev->slots[slot].cap)) != WCAP_OK) {
        wcap_dev_set_error(resp, rc);
        return;
    }
    up->active = 1;
    up->slot = (uint8_t)slot;
    up->mode = (uint8_t)b->mode;
    up->total = b->total;
    up->blob_crc = b->blob_crc;
    memcpy(up->name, b->name, sizeof up->name);
    memcpy(up->export_name, b->export, sizeof up->export_name);
    up->n_args = (uint8_t)b->args_count;
    memcpy(up->args, b->args, sizeof up->args);
    if (b->mode == wcap_UploadMode_UPLOAD_INSTALL && st != NULL) {
        char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
        wcap_dev_record_name(rec, "cap/", up->name);
        if (st->write_open(st->user, rec) != 0) {
            fail(dev, resp, WCAP_E_DEV_STORE);
            return;
        }
        up->storing = 1;
    }
    ack(resp, up->received);
}

/* Once the signature is verified: an install must carry the announced name. */
static int name_matches(const wcap_dev_t *dev)
{
    const wcap_ldr_manifest_t *m = wcap_ldr_manifest(&dev->ld);
    if (dev->up.mode != wcap_UploadMode_UPLOAD_INSTALL || m == NULL)
        return 1;
    return strcmp(m->name, dev->up.name) == 0;
}

void wcap_dev_cmd_upload_chunk(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    const wcap_UploadChunk *c = &req->body.upload_chunk;
    const wcap_dev_store_t *st = dev->cfg.store;
    wcap_dev_upload_t *up = &dev->up;
    const uint8_t *data = c->data.bytes;
    uint32_t len = c->data.size;
    int rc;

    if (!up->active) {
        wcap_dev_set_error(resp, WCAP_E_DEV_NO_UPLOAD);
        return;
    }
    if (c->offset > up->received) {
        wcap_dev_set_error(resp, WCAP_E_DEV_SEQUENCE); /* the ack says where to go on */
        ack(resp, up->received);
        return;
    }
    if (c->offset + len <= up->received) {
        ack(resp, up->received); /* a duplicate */
        return;
    }
    data += up->received - c->offset; /* skip an overlap with what we have */
    len -= up->received - c->offset;
    if (len > up->total - up->received) {
        fail(dev, resp, WCAP_E_DEV_SIZE);
        return;
    }
    if ((rc = wcap_ldr_feed(&dev->ld, data, len)) != WCAP_OK) {
        fail(dev, resp, rc);
        return;
    }
    if (!name_matches(dev)) {
        fail(dev, resp, WCAP_E_DEV_NAME);
        return;
    }
    if (up->storing && st->write(st->user, data, len) != 0) {
        fail(dev, resp, WCAP_E_DEV_STORE);
        return;
    }
    up->received += len;
    ack(resp, up->received);
}

/* Commits an install: store record, version floor, then the swap. */
static void finish_install(wcap_dev_t *dev, wcap_Response *resp)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    wcap_dev_upload_t *up = &dev->up;
    wcap_dev_slot_t *s = &dev->slots[up->slot];
    int old = wcap_dev_slot_find(dev, up->name), rc;

    /* The new capsule's init runs before anything is committed: if it fails,
     * the old version keeps running and stays installed. */
    s->state = wcap_CapsuleState_STATE_READY;
    wcap_dev_slot_loaded(dev, up->slot);
    up->active = 0; /* the slot belongs to the capsule while init runs */
    if (wcap_dev_init_hook(dev, up->slot) != WCAP_OK) {
        if (up->storing)
            st->write_abort(st->user);
        wcap_dev_slot_unload(dev, up->slot);
        memset(up, 0, sizeof *up);
        return;
    }
    memset(resp, 0, sizeof *resp);
    if (up->storing && st->write_commit(st->user) != 0) {
        wcap_dev_set_error(resp, WCAP_E_DEV_STORE);
        up->storing = 0; /* the store dropped it; the old record is intact */
        wcap_dev_slot_unload(dev, up->slot);
        memset(up, 0, sizeof *up);
        return;
    }
    rc = wcap_dev_version_raise(dev, up->name, s->cap.version);
    wcap_dev_state_forget(dev, up->name); /* a new version starts ready */
    if (old >= 0) {
        wcap_dev_stop_hook(dev, old);
        wcap_dev_slot_unload(dev, old);
    }
    s->state = wcap_CapsuleState_STATE_READY;
    resp->which_body = wcap_Response_installed_tag;
    memcpy(resp->body.installed.name, s->cap.name, sizeof s->cap.name);
    resp->body.installed.version = s->cap.version;
    if (rc != WCAP_OK)
        wcap_dev_set_error(resp, rc); /* installed, but the floor could not be recorded */
    memset(up, 0, sizeof *up);
}

static void finish_run(wcap_dev_t *dev)
{
    wcap_dev_upload_t *up = &dev->up;
    int slot = up->slot;

    dev->slots[slot].state = wcap_CapsuleState_STATE_READY;
    up->active = 0; /* the slot now belongs to the capsule, not the upload */
    wcap_dev_call(dev, slot, up->export_name, up->args, up->n_args);
    wcap_dev_slot_unload(dev, slot);
    memset(up, 0, sizeof *up);
}

void wcap_dev_cmd_upload_end(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    (void)req; /* no fields */
    wcap_dev_upload_t *up = &dev->up;
    int rc;

    if (!up->active) {
        wcap_dev_set_error(resp, WCAP_E_DEV_NO_UPLOAD);
        return;
    }
    if (up->received != up->total) {
        wcap_dev_set_error(resp, WCAP_E_DEV_SIZE); /* kept: the host may send the rest */
        ack(resp, up->received);
        return;
    }
    if ((rc = wcap_ldr_finish(&dev->ld)) != WCAP_OK) {
        fail(dev, resp, rc);
        return;
    }
    if (!name_matches(dev)) {
        up->active = 0;
        dev->slots[up->slot].state = wcap_CapsuleState_STATE_READY;
        wcap_dev_slot_unload(dev, up->slot);
        if (up->storing)
            dev->cfg.store->write_abort(dev->cfg.store->user);
        memset(up, 0, sizeof *up);
        wcap_dev_set_error(resp, WCAP_E_DEV_NAME);
        return;
    }
    if (up->mode == wcap_UploadMode_UPLOAD_INSTALL)
        finish_install(dev, resp);
    else
        finish_run(dev);
}
