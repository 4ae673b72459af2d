/* Target lookups over wcap/target_ids.def. */
#include "wcap/targets.h"

#include <string.h>

typedef struct {
    uint32_t id;
    const char *name;
    uint32_t arch;
} target_row_t;

static const target_row_t rows[] = {
#define WCAP_TARGET_ID(suffix, id, name, arch) {id, name, WCAP_ARCH_##arch},
#include "wcap/target_ids.def"
#undef WCAP_TARGET_ID
};

#define N_ROWS (sizeof rows / sizeof rows[0])

static const target_row_t *row_of(uint32_t id)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (rows[i].id == id)
            return &rows[i];
    return NULL;
}

const char *wcap_target_name(uint32_t id)
{
    const target_row_t *r = row_of(id);
    return r != NULL ? r->name : NULL;
}

uint32_t wcap_target_by_name(const char *name)
{
    for (size_t i = 0; i < N_ROWS; i++)
        if (strcmp(rows[i].name, name) == 0)
            return rows[i].id;
    return WCAP_TARGET_NONE;
}

uint32_t wcap_target_arch(uint32_t id)
{
    const target_row_t *r = row_of(id);
    return r != NULL ? r->arch : 0u;
}
