/*
 * Small formatting helpers for console text (no printf on the boards).
 * Each writes into `out` without a terminating NUL and returns the length.
 */
#ifndef WCAP_CONSOLE_H
#define WCAP_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Decimal: at most 10 characters. */
size_t wcap_fmt_u32(char *out, uint32_t v);
/* Lower-case hex of n bytes: exactly 2*n characters. */
size_t wcap_fmt_hex(char *out, const uint8_t *bytes, size_t n);

#endif /* WCAP_CONSOLE_H */
