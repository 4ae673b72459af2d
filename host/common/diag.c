/*
 * Diagnostics shared by all commands: one error line per failure, exit codes.
 */
#include <stdio.h>

#include "diag.h"

int wcapc_verbose;

int wcapc_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wcap: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code;
}

void wcapc_note(const char *fmt, ...)
{
    if (!wcapc_verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("wcap: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void wcapc_print_exit_codes(FILE *out)
{
    fprintf(out, "exit codes:\n");
#define WCAPC_EXIT(name, value, meaning) fprintf(out, "  %2d  %s\n", value, meaning);
#include "exit_codes.def"
#undef WCAPC_EXIT
}
