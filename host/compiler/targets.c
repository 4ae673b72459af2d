/*
 * Target table lookups.
 */
#include "targets.h"

#include <elf.h>
#include <string.h>

#include "wcap/targets.h"

#include "targets.def"

/* One row per target of wcap/target_ids.def, with its settings from targets.def. */
static const wcapc_target_t targets[] = {
#define WCAP_TARGET_ID(suffix, id, name, arch) {name, id, WCAP_ARCH_##arch, WCAPC_SETTINGS_##suffix},
#include "wcap/target_ids.def"
#undef WCAP_TARGET_ID
};

#define N_TARGETS (sizeof targets / sizeof targets[0])

const wcapc_target_t *wcapc_target_find(const char *name)
{
    for (size_t i = 0; i < N_TARGETS; i++)
        if (!strcmp(targets[i].name, name))
            return &targets[i];
    return NULL;
}

const wcapc_target_t *wcapc_target_by_id(uint32_t id)
{
    for (size_t i = 0; i < N_TARGETS; i++)
        if (targets[i].id == id)
            return &targets[i];
    return NULL;
}

int wcapc_target_loop_checks(const wcapc_target_t *t)
{
    return t->cc == NULL && t->elf_class == ELFCLASS32;
}

void wcapc_targets_print(FILE *out, const char *sep)
{
    for (size_t i = 0; i < N_TARGETS; i++)
        fprintf(out, "%s%s", i ? sep : "", targets[i].name);
}

void wcapc_targets_join(char *out, size_t cap, const char *sep)
{
    size_t used = 0;
    if (cap)
        out[0] = 0;
    for (size_t i = 0; i < N_TARGETS && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? sep : "", targets[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
