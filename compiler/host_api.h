/*
 * The host API table (host_api.def) and capability names (caps.def).
 */
#ifndef WCAPC_HOST_API_H
#define WCAPC_HOST_API_H

#include <stddef.h>
#include <stdint.h>

#define WCAPC_HOST_MODULE "wcap"

typedef struct {
    const char *name;
    const char *params;  /* signature letters */
    const char *results;
    uint32_t    cap;     /* WCAP_CAP_* bit */
} wcapc_host_fn_t;

/* The entry for import `name` of module "wcap", or NULL. */
const wcapc_host_fn_t *wcapc_host_find(const char *name, size_t len);
/* Writes "log, millis, ..." (all host API names) into out. */
void wcapc_host_list(char *out, size_t cap);

/* Capability bit for a name ("log"), or 0 when unknown. */
uint32_t wcapc_cap_bit(const char *name);
/* Writes the names of the bits in mask, comma separated, into out ("-" for none). */
void wcapc_caps_format(uint32_t mask, char *out, size_t cap);

#endif /* WCAPC_HOST_API_H */
