/*
 * The capsule-name rule: 1 to WCAP_NAME_MAX (31) characters of
 * [A-Za-z0-9_.-]. A name is a manifest field, a store record name and a CoAP
 * path segment, so the packager, the loader, the device service and the
 * stores all apply this one rule. Portable C99.
 */
#ifndef WCAP_CAPSULE_NAME_H
#define WCAP_CAPSULE_NAME_H

#include <stddef.h>

/* Whether character `c` may appear in a capsule name. */
int wcap_name_char_ok(char c);

/* 1 when the NUL-terminated `name` is a valid capsule name, else 0. */
int wcap_name_ok(const char *name);

/* The same for `len` bytes that need not be NUL-terminated (a path segment). */
int wcap_name_ok_n(const char *name, size_t len);

#endif /* WCAP_CAPSULE_NAME_H */
