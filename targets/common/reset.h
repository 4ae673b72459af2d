/*
 * Reset sequence shared by the boards: each board's entry code sets the
 * stack pointer (and enables the FPU where there is one) and then calls
 * wcap_reset_c(), which initialises RAM and runs main(). Never returns.
 */
#ifndef WCAP_RESET_H
#define WCAP_RESET_H

void wcap_reset_c(void) __attribute__((noreturn));

#endif /* WCAP_RESET_H */
