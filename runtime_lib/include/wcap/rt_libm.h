/*
 * Rounding functions the runtime provides itself instead of the C library's:
 * picolibc 1.8 (Debian bookworm, the boards' libc) computes floor() and ceil()
 * of doubles 32 bits at a time and detects the carry out of the low word with
 * a signed compare, so e.g. ceil(0x1.fffffffffffffp+51) gives 0x1.fffffp+51
 * instead of 0x1p+52 (float_misc.wast; fixed upstream after 1.8). The boards'
 * symbol table exports these under the names floor and ceil (symtab.c), and
 * the interpreter uses them on every target.
 */
#ifndef WCAP_RT_LIBM_H
#define WCAP_RT_LIBM_H

/* floor(x) and ceil(x) as C99 specifies them for the default rounding mode:
 * exact, -0.0 and +0.0 kept, infinities and NaNs returned unchanged. */
double wcap_rt_floor(double x);
double wcap_rt_ceil(double x);

#endif /* WCAP_RT_LIBM_H */
