/*
 * lwIP's compiler and platform glue for the boards (arm-none-eabi and
 * riscv with picolibc): little-endian, the C library's stdint/inttypes,
 * diagnostics dropped, assertions end in a board panic.
 */
#ifndef WCAP_LWIP_ARCH_CC_H
#define WCAP_LWIP_ARCH_CC_H

#include <stdint.h>
#include <stddef.h>

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_CTYPE_H 0

void wcap_board_panic_puts(const char *s);
void wcap_board_reset(void) __attribute__((noreturn));

#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x)                        \
    do {                                               \
        wcap_board_panic_puts("lwip assert: " x "\n"); \
        wcap_board_reset();                            \
    } while (0)

#endif /* WCAP_LWIP_ARCH_CC_H */
