/*
 * The configuration of the Xtensa LX106 core (ESP8266-class; QEMU -cpu lx106)
 * as the XCHAL_* / XSHAL_* macros that GCC's libgcc/config/xtensa/lib1funcs.S
 * and ieee754-{sf,df}.S read. Debian's gcc-xtensa-lx106 builds libgcc without
 * the routines the ESP8266 mask ROM provides (32-bit division, single and
 * double add/sub/mul, double divide, int <-> float conversions); libgcc.cmake
 * assembles them from Debian's gcc-12-source with this file on the include
 * path. Only the macros those three files test are defined.
 *
 * LX106: little-endian, call0 ABI (no register windows), 16-bit "density"
 * instructions, MUL16 and MUL32 (mull) but no MULUH/MULSH, no DIV32 (quou),
 * NSA/NSAU, ABS, ADDX, no zero-overhead loops, no MAC16, no FPU.
 */
#ifndef WCAP_XTENSA_CONFIG_H
#define WCAP_XTENSA_CONFIG_H

#define XCHAL_HAVE_ABS 1
#define XCHAL_HAVE_ADDX 1
#define XCHAL_HAVE_NSA 1
#define XCHAL_HAVE_LOOPS 0
#define XCHAL_HAVE_MAC16 0
#define XCHAL_HAVE_MUL16 1
#define XCHAL_HAVE_MUL32 1
#define XCHAL_HAVE_MUL32_HIGH 0
#define XCHAL_HAVE_DIV32 0
#define XCHAL_HAVE_WINDOWED 0

/* No floating-point unit: every FP_* / DFP_* instruction is absent. */
#define XCHAL_HAVE_FP_DIV 0
#define XCHAL_HAVE_FP_RECIP 0
#define XCHAL_HAVE_FP_SQRT 0
#define XCHAL_HAVE_FP_RSQRT 0
#define XCHAL_HAVE_DFP_DIV 0
#define XCHAL_HAVE_DFP_RECIP 0
#define XCHAL_HAVE_DFP_SQRT 0
#define XCHAL_HAVE_DFP_RSQRT 0

#endif /* WCAP_XTENSA_CONFIG_H */
