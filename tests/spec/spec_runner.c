/*
 * spec_runner: executes one spec-test script (written by run_spec.py from a
 * wast2json file; format and output: spec_script.h) against capsules loaded
 * by the project's own loader and runtime, in one process, keeping modules
 * instantiated between commands.
 *
 *   spec_runner --trust dev.pub SCRIPT
 *
 * Exit 0 when the script ran to its end. Host C11; the board runner is
 * targets/common/spec_board.c.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "spec_host.h"
#include "spec_script.h"

int spec_io_open(const char *path)
{
    return open(path, O_RDONLY);
}

long spec_io_read(int h, void *buf, size_t n)
{
    return (long)read(h, buf, n);
}

void spec_io_close(int h)
{
    close(h);
}

void spec_out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

int main(int argc, char **argv)
{
    static wcap_ldr_config_t cfg;

    if (argc != 4 || strcmp(argv[1], "--trust") != 0) {
        fprintf(stderr, "usage: spec_runner --trust PUBKEY SCRIPT\n");
        return 2;
    }
    if (spec_host_config(&cfg, argv[2]) != 0)
        return 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (spec_script_run(argv[3], &cfg) != 0) {
        fprintf(stderr, "spec_runner: error: cannot read %s\n", argv[3]);
        return 1;
    }
    return 0;
}
