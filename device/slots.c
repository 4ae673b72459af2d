/*
 * The capsule table and the anti-rollback version floors (records
 * "ver/<name>", kept when a capsule is removed). See wcap/dev/service.h and
 * docs/device-protocol.md.
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
        if (dev->slots[i].state == wcap_CapsuleState_STATE_EMPTY && !(dev->up.active && dev->up.slot == i))
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

void wcap_dev_record_name(char *out, const char *pfx, const char *name)
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
    wcap_dev_record_name(rec, "ver/", name);
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
    wcap_dev_record_name(rec, "ver/", name);
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

    if (wcap_dev_version_floor(dev, name, &floor) != 0)
        floor = 0;
    if (i >= 0 && dev->slots[i].cap.version > floor)
        floor = dev->slots[i].cap.version;
    if (floor < version)
        return WCAP_OK;
    dev->refused_floor = floor; /* the refusal names it (upload.c) */
    return WCAP_E_LDR_ROLLBACK;
}

uint32_t wcap_dev_slots_used(const wcap_dev_t *dev)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++)
        n += dev->slots[i].state != wcap_CapsuleState_STATE_EMPTY;
    return n;
}

/* The slot of an installed capsule named in the request, or -1 (error set). */
int wcap_dev_find_named(wcap_dev_t *dev, const char *name)
{
    int i = wcap_name_ok(name) ? wcap_dev_slot_find(dev, name) : -1;
    if (i < 0)
        wcap_dev_set_error(&dev->resp, WCAP_E_DEV_NOT_FOUND);
    return i;
}
