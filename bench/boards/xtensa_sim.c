/*
 * Start-up, output and exit of the native form on the xtensa-lx106 board
 * (QEMU lx60-nommu -cpu lx106, bare metal). The other boards get these from
 * picolibc (crt0-semihost, libsemihost); Debian's picolibc for the LX106 has
 * no semihosting library and its crt0 sets no stack and never exits, so this
 * file is linked instead (-nostartfiles).
 *
 * QEMU's Xtensa semihosting is the SIMCALL instruction (with
 * -semihosting-config enable=on): a2 = call, a3.. = arguments;
 * 1 = exit(a3), 4 = write(fd a3, buffer a4, length a5).
 *
 * _start must be the ELF entry at the reset address 0x50000000 (picolibc.ld
 * puts .text.init.enter first in flash): for any other entry, QEMU writes a
 * jump stub over the reset address. An exception (e.g. a misaligned load,
 * which the LX106 traps) ends QEMU with exit status 64 + vector offset / 16
 * (65 debug, 66 NMI, 67 kernel, 69 user, 71 double exception) instead of
 * hanging until the harness's time-out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define SIM_EXIT 1
#define SIM_WRITE 4

__asm__("    .section .text.init.enter, \"ax\"\n"
        "    .global _start\n"
        "    .balign 4\n"
        "_start:\n"
        "    j       2f\n" /* over the literals (L32R reaches only backwards) */
        "    .literal_position\n"
        "    .balign 4\n"
        "2:\n"
        "    movi    a0, bench_xt_vectors\n"
        "    wsr     a0, vecbase\n"
        "    movi    a0, 0x2f\n" /* PS: UM = 1, EXCM = 0, INTLEVEL = 15 (no interrupts) */
        "    wsr     a0, ps\n"
        "    rsync\n"
        "    movi    a1, __stack\n"
        "    movi    a0, 0\n"
        "    call0   bench_xt_cstart\n"
        "1:  j       1b\n"
        "\n"
        "    .section .text.bench_xt_vectors, \"ax\"\n"
        "    .balign 1024\n"
        "    .global bench_xt_vectors\n"
        "bench_xt_vectors:\n"
        "    j       bench_xt_vectors\n" /* +0x00: unused */
        "    .org    0x10\n"
        "    movi    a2, 1\n"
        "    movi    a3, 65\n"
        "    simcall\n"
        "    .org    0x20\n"
        "    movi    a2, 1\n"
        "    movi    a3, 66\n"
        "    simcall\n"
        "    .org    0x30\n"
        "    movi    a2, 1\n"
        "    movi    a3, 67\n"
        "    simcall\n"
        "    .org    0x50\n"
        "    movi    a2, 1\n"
        "    movi    a3, 69\n"
        "    simcall\n"
        "    .org    0x70\n"
        "    movi    a2, 1\n"
        "    movi    a3, 71\n"
        "    simcall\n"
        "    .text\n");

static int simcall(int call, int a, const void *b, int c)
{
    register int a2 __asm__("a2") = call;
    register int a3 __asm__("a3") = a;
    register const void *a4 __asm__("a4") = b;
    register int a5 __asm__("a5") = c;
    __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
    return a2;
}

void _exit(int code)
{
    simcall(SIM_EXIT, code, NULL, 0);
    for (;;) {
    }
}

static int sim_putc(char c, FILE *f)
{
    (void)f;
    return simcall(SIM_WRITE, 1, &c, 1) == 1 ? (unsigned char)c : EOF;
}

static FILE sim_stdout = FDEV_SETUP_STREAM(sim_putc, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &sim_stdout;

/* picolibc.ld: the .data load image and .bss */
extern char __data_start[], __data_source[], __data_size[], __bss_start[], __bss_size[];
int main(void);
void bench_xt_cstart(void);

void bench_xt_cstart(void)
{
    memcpy(__data_start, __data_source, (size_t)__data_size);
    memset(__bss_start, 0, (size_t)__bss_size);
    exit(main());
}
