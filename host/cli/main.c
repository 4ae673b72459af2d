/*
 * `wcap`: the host tool. Dispatches to the subcommands listed in commands.def:
 * the compiler's (host/compiler) and the device client's (host/client).
 */
#include <stdio.h>
#include <string.h>

#include "datadir.h"
#include "util.h"
#include "host_version.h"
#include "w2c.h"
#include "client_cmds.h"
#include "compiler_cmds.h"
#include "diag.h"

/* A subcommand: argv[0] is the command name. Returns a WCAPC_EXIT_* code. */
typedef int (*wcapc_cmd_fn)(int argc, char **argv);

typedef struct {
    const char *name;
    wcapc_cmd_fn fn;
    const char *summary;
} wcapc_command_t;

static const wcapc_command_t commands[] = {
#define WCAPC_CMD(name, fn, summary) {#name, fn, summary},
#include "commands.def"
#undef WCAPC_CMD
};

static void usage(FILE *out)
{
    fprintf(out, "usage: wcap <command> [options]   (wcap <command> --help for details)\n"
                 "       wcap --version\n\n"
                 "WebAssembly capsules: compile .wasm ahead of time for a microcontroller target,\n"
                 "sign it, and manage capsules on devices.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nenvironment:\n  %s  wcap's data directory (runtime headers, SDK); default: ../share/wcap\n"
            "                 next to the wcap executable\n\n",
            WCAPC_DATA_ENV);
    wcapc_print_exit_codes(out);
}

/* `wcap --version`: always exits 0; the first line is "wcap VERSION (git COMMIT)",
 * then what an installation needs at run time (wasm2c, the data directory). */
static int version(void)
{
    printf("wcap %s (git %s)\n", wcap_version(), wcap_git_commit());
    char out[256], dir[4096], err[1024];
    char *argv[] = {"wasm2c", "--version", NULL};
    if (wcapc_run(argv, out, sizeof out) == 0) {
        out[strcspn(out, "\r\n")] = 0;
        printf("wasm2c %s (wcap needs %s)\n", out, WCAPC_WASM2C_VERSION);
    } else {
        printf("wasm2c not found (wcap needs %s: install wabt)\n", WCAPC_WASM2C_VERSION);
    }
    if (wcapc_data_dir(dir, sizeof dir, err, sizeof err) == 0)
        printf("data directory: %s\n", dir);
    else
        printf("data directory: missing (%s)\n", err);
    return WCAPC_EXIT_OK;
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
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))
        return version();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    return wcapc_fail(WCAPC_EXIT_USAGE, "unknown command '%s' (try wcap --help)", argv[1]);
}
