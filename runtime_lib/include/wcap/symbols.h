/*
 * Symbol IDs of the runtime ABI (generated from symbols.def). Shared by the
 * packager (name -> ID) and the device (ID -> address).
 */
#ifndef WCAP_SYMBOLS_H
#define WCAP_SYMBOLS_H

#include "wcap/blob_format.h"

#define WCAP_ARCH_X86_64 1u
#define WCAP_ARCH_ARM    2u
#define WCAP_ARCH_RV32   4u
#define WCAP_ARCH_ALL    7u

enum wcap_sym_id {
#define WCAP_SYM(id, name, arches, cap) WCAP_SYM_##name = id,
#include "wcap/symbols.def"
#undef WCAP_SYM
    WCAP_SYM_ID_LIMIT = 512 /* IDs are below this */
};

#endif /* WCAP_SYMBOLS_H */
