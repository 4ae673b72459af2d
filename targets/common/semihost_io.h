/*
 * Host file reading and exit through the emulator's semihosting, for test
 * firmware under QEMU only (the spec runner, spec_board.c): QEMU started with
 * `-semihosting-config enable=on,target=native` opens the files relative to
 * its working directory. One implementation per architecture family:
 * semihost_io.c (the Arm semihosting protocol: Arm bkpt 0xAB, RISC-V
 * ebreak sequence) and targets/xtensa-lx106/semihost_io.c (Xtensa simcall).
 */
#ifndef WCAP_SEMIHOST_IO_H
#define WCAP_SEMIHOST_IO_H

#include <stddef.h>

/* Opens `path` for binary reading: a handle >= 0, or -1. */
int wcap_sh_open(const char *path);
/* Reads up to n bytes: the count read (0 at the end), or -1. */
long wcap_sh_read(int h, void *buf, size_t n);
void wcap_sh_close(int h);
/* Ends the emulator: exit status 0 when ok != 0, else 1. */
void wcap_sh_exit(int ok) __attribute__((noreturn));

#endif /* WCAP_SEMIHOST_IO_H */
