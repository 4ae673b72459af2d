/*
 * The spec suite's board runner (specrunner.elf, tests/spec/README.md): runs
 * the script run_spec.py --board wrote, through this board's own loader,
 * relocator, runtime and port, with the board's loader policy (fw_config.c)
 * except for the symbol table, which adds the suite's imports
 * (tests/spec/spec_imports.c). The script and the blobs it names are read
 * from the host by semihosting file I/O (semihost_io.h), from QEMU's working
 * directory; "ok LINE" / "fail LINE reason" go to the UART. QEMU only.
 */
#include <stdarg.h>
#include <stdio.h>

#include "board.h"
#include "fw.h"
#include "semihost_io.h"
#include "spec_imports.h"
#include "spec_script.h"

#define SPEC_BOARD_SCRIPT "board.script"

int spec_io_open(const char *path)
{
    return wcap_sh_open(path);
}

long spec_io_read(int h, void *buf, size_t n)
{
    return wcap_sh_read(h, buf, n);
}

void spec_io_close(int h)
{
    wcap_sh_close(h);
}

void spec_out(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf) { /* cut: keep the line's end */
        n = (int)sizeof buf - 1;
        buf[n - 1] = '\n';
    }
    wcap_board_uart_write((const uint8_t *)buf, (size_t)n);
}

int main(void)
{
    static wcap_ldr_config_t cfg;
    static wcap_heap_t ram;
    int rc;

    wcap_board_init();
    wcap_fw_core_init(&cfg, &ram);
    cfg.symtab = spec_symtab();
    if (cfg.symtab == NULL) {
        spec_out("spec-runner: symbol table too large\n");
        wcap_sh_exit(0 == 1);
    }
    rc = spec_script_run(SPEC_BOARD_SCRIPT, &cfg);
    spec_out("spec-runner: %s\n", rc == 0 ? "end" : "cannot read " SPEC_BOARD_SCRIPT);
    wcap_sh_exit(rc == 0);
}
