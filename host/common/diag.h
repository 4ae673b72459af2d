/*
 * wcap host tool: exit codes (exit_codes.def) and diagnostics, shared by the
 * compiler (host/compiler), the device client (host/client) and the CLI.
 * Host C11.
 */
#ifndef WCAPC_DIAG_H
#define WCAPC_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum wcapc_exit {
#define WCAPC_EXIT(name, value, meaning) WCAPC_EXIT_##name = value,
#include "exit_codes.def"
#undef WCAPC_EXIT
};

/* Prints "wcap: error: <message>" on stderr and returns `code` (for `return wcapc_fail(...)`). */
int wcapc_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "wcap: <message>" on stderr when verbose output is on (-v). */
void wcapc_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int wcapc_verbose;

/* Prints the exit-code table (for --help texts). */
void wcapc_print_exit_codes(FILE *out);

#endif /* WCAPC_DIAG_H */
