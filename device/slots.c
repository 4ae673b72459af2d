/*
 * The capsule table, anti-rollback version floors, boot reload, List and
 * Remove. See wcap/dev/service.h and docs/device-protocol.md.
 */
#include <string.h>

#include "dev_internal.h"

int wcap_dev_slot_find(const wcap_dev_t *dev, const char *name)
{
    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++) {
        const wcap_dev_slot_t *s = &dev->slots[i];
        if (s->state != wcap_CapsuleState_STATE_EMPTY && strcmp(s->cap.name, name) == 0)
            return (int)i;
    }
    return -1;
}

int wcap_dev_slot_free(const wcap_dev_t *dev)
{
    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++) {
        if (dev->slots[i].state == wcap_CapsuleState_STATE_EMPTY &&
            !(dev->up.active && dev->up.slot == i))
            return (int)i;
    }
    return -1;
}

void wcap_dev_slot_unload(wcap_dev_t *dev, int index)
{
    wcap_dev_slot_t *s = &dev->slots[index];
    if (s->state == wcap_CapsuleState_STATE_EMPTY)
        return;
    wcap_capsule_unload(&s->cap, &dev->ldr_cfg);
    memset(s, 0, sizeof *s);
}

/* "pfx/name" into out (WCAP_DEV_RECORD_NAME_MAX + 1 bytes). */
static void record_name(char *out, const char *pfx, const char *name)
{
    size_t p = strlen(pfx), n = strlen(name);
    if (n > WCAP_NAME_MAX)
        n = WCAP_NAME_MAX;
    memcpy(out, pfx, p);
    memcpy(out + p, name, n);
    out[p + n] = '\0';
}

int wcap_dev_version_floor(wcap_dev_t *dev, const char *name, uint32_t *floor)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t b[4];

    if (st == NULL)
        return -1;
    record_name(rec, "ver/", name);
    if (st->read(st->user, rec, 0, b, sizeof b) != (int)sizeof b)
        return -1;
    *floor = wcap_rd32(b);
    return 0;
}

int wcap_dev_version_raise(wcap_dev_t *dev, const char *name, uint32_t version)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint32_t floor;
    uint8_t b[4];

    if (st == NULL || (wcap_dev_version_floor(dev, name, &floor) == 0 && floor >= version))
        return WCAP_OK;
    record_name(rec, "ver/", name);
    wcap_wr32(b, version);
    if (st->write_open(st->user, rec) != 0)
        return WCAP_E_DEV_STORE;
    if (st->write(st->user, b, sizeof b) != 0 || st->write_commit(st->user) != 0) {
        st->write_abort(st->user);
        return WCAP_E_DEV_STORE;
    }
    return WCAP_OK;
}

int wcap_dev_check_version(void *user, const char *name, uint32_t version)
{
    wcap_dev_t *dev = user;
    uint32_t floor;
    int i = wcap_dev_slot_find(dev, name);

    if (i >= 0 && dev->slots[i].cap.version >= version)
        return WCAP_E_LDR_ROLLBACK;
    if (wcap_dev_version_floor(dev, name, &floor) == 0 && floor >= version)
        return WCAP_E_LDR_ROLLBACK;
    return WCAP_OK;
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
    return loaded;
}

void wcap_dev_cmd_list(wcap_dev_t *dev)
{
    wcap_CapsuleList *l = &dev->resp.body.list;
    uint32_t i = dev->req.body.list.start;

    dev->resp.which_body = wcap_Response_list_tag;
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

void wcap_dev_cmd_remove(wcap_dev_t *dev)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    const char *name = dev->req.body.remove.name;
    char rec[WCAP_DEV_RECORD_NAME_MAX + 1];
    int i;

    if (!wcap_name_ok(name) || (i = wcap_dev_slot_find(dev, name)) < 0) {
        wcap_dev_set_error(dev, WCAP_E_DEV_NOT_FOUND);
        return;
    }
    if (st != NULL) {
        record_name(rec, "cap/", name);
        if (st->erase(st->user, rec) != 0) {
            wcap_dev_set_error(dev, WCAP_E_DEV_STORE);
            return; /* still installed and loaded */
        }
    }
    wcap_dev_stop_hook(dev, i);
    wcap_dev_state_forget(dev, name);
    wcap_dev_slot_unload(dev, i);
}
