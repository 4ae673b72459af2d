/* x86_64 only: near forwarding wrappers for libc/libm (see near_libc.h). */
#if defined(__x86_64__)
#include <math.h>
#include <string.h>

#define WCAP_NEAR_LIBC_IMPL
#include "near_libc.h"

#define WCAP_NEAR_DEF(ret, name, params, args) \
    ret wcap_near_##name params                \
    {                                          \
        return name args;                      \
    }
WCAP_NEAR_LIBC(WCAP_NEAR_DEF)
#undef WCAP_NEAR_DEF
#else
typedef int wcap_near_libc_unused_t; /* ISO C: no empty translation unit */
#endif
