/*
 * wcap host tool: shared declarations (exit codes, diagnostics, commands).
 * Host C11.
 */
#ifndef WCAPC_H
#define WCAPC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum wcapc_exit {
#define WCAPC_EXIT(name, value, meaning) WCAPC_EXIT_##name = value,
#include "exit_codes.def"
#undef WCAPC_EXIT
};

/* A subcommand: argv[0] is the command name. Returns a WCAPC_EXIT_* code. */
typedef int (*wcapc_cmd_fn)(int argc, char **argv);

#define WCAPC_CMD(name, fn, summary) int fn(int argc, char **argv);
#include "commands.def"
#undef WCAPC_CMD

/* Prints "wcap: error: <message>" on stderr and returns `code` (for `return wcapc_fail(...)`). */
int wcapc_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "wcap: <message>" on stderr when verbose output is on (-v). */
void wcapc_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int wcapc_verbose;

/* Prints the exit-code table (for --help texts). */
void wcapc_print_exit_codes(FILE *out);

#endif /* WCAPC_H */
