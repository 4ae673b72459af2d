/*
 * Console text output on the board UART: the boot banner and fatal-fault
 * diagnostics. Polled, no buffering, no printf.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "console.h"

void wcap_board_panic_puts(const char *s)
{
    wcap_board_uart_write((const uint8_t *)s, strlen(s));
}

void wcap_board_panic_hex(const char *label, uint32_t v)
{
    char hex[11] = "0x";
    for (int i = 0; i < 8; i++)
        hex[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xFu];
    hex[10] = '\0';
    wcap_board_panic_puts(label);
    wcap_board_panic_puts(hex);
}

size_t wcap_fmt_u32(char *out, uint32_t v)
{
    char tmp[10];
    size_t n = 0, i = 0;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0)
        out[i++] = tmp[--n];
    return i;
}

size_t wcap_fmt_hex(char *out, const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
        out[2 * i + 1] = "0123456789abcdef"[bytes[i] & 0xFu];
    }
    return 2 * n;
}
