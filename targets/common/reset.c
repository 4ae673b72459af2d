/*
 * C part of every board's reset path, after the board's entry code has set
 * up a stack: copies .data/.tdata from flash, zeroes .bss/.tbss, points the
 * TLS register at the (single) TLS block, then runs main(). Portable C99.
 */
#include <stdint.h>
#include <string.h>

#include "reset.h"

extern uint8_t __data_start[], __data_end[], __data_source[];
extern uint8_t __bss_start[], __bss_end[];
extern uint8_t __tls_base[];

void _set_tls(void *tls); /* picolibc */
int main(void);

void wcap_reset_c(void)
{
    size_t data = (size_t)(__data_end - __data_start);
    if (data != 0 && &__data_source[0] != &__data_start[0])
        memcpy(__data_start, __data_source, data);
    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    _set_tls(__tls_base);
    (void)main();
    for (;;) {
    }
}
