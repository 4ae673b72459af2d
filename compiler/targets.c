/*
 * Target table lookups.
 */
#include "targets.h"

#include <elf.h>
#include <string.h>

#include "wcap/symbols.h"

static const wcapc_target_t targets[] = {
#define WCAPC_TARGET(name, id, arch, machine, cls, packer, stub, stack, libc, cflags) \
    {name, id, arch, machine, cls, packer, stub, stack, libc, cflags},
#include "targets.def"
#undef WCAPC_TARGET
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
