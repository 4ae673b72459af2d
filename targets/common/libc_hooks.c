/*
 * The few C library hooks picolibc needs on a board with no OS. exit() is
 * reachable only from mbedtls' pool allocator when it detects a corrupted
 * pool; that is fatal: report and reset.
 */
#include "board.h"

void _exit(int status) __attribute__((noreturn));

void _exit(int status)
{
    wcap_board_panic_hex("\nwcap: FATAL exit status=", (unsigned)status);
    wcap_board_panic_puts(" -- resetting\n");
    wcap_board_reset();
}
