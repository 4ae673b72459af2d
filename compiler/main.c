/*
 * `wcap`: the host tool. Dispatches to the subcommands listed in commands.def.
 */
#include <stdio.h>
#include <string.h>

#include "wcapc.h"

typedef struct {
    const char  *name;
    wcapc_cmd_fn fn;
    const char  *summary;
} wcapc_command_t;

static const wcapc_command_t commands[] = {
#define WCAPC_CMD(name, fn, summary) {#name, fn, summary},
#include "commands.def"
#undef WCAPC_CMD
};

static void usage(FILE *out)
{
    fprintf(out, "usage: wcap <command> [options]   (wcap <command> --help for details)\n\n"
                 "WebAssembly capsules: compile .wasm ahead of time for a microcontroller target,\n"
                 "sign it, and manage capsules on devices.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n");
    wcapc_print_exit_codes(out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return WCAPC_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return WCAPC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    return wcapc_fail(WCAPC_EXIT_USAGE, "unknown command '%s' (try wcap --help)", argv[1]);
}
