/*
 * Symbol IDs of the runtime ABI (generated from symbols.def). Shared by the
 * packager (name -> ID) and the device (ID -> address).
 */
#ifndef WCAP_SYMBOLS_H
#define WCAP_SYMBOLS_H

#include "wcap/blob_format.h"
#include "wcap/targets.h" /* WCAP_ARCH_* */


enum wcap_sym_id {
#define WCAP_SYM(id, name, arches, cap) WCAP_SYM_##name = id,
#include "wcap/symbols.def"
#undef WCAP_SYM
    WCAP_SYM_ID_LIMIT = 512 /* IDs are below this */
};

#endif /* WCAP_SYMBOLS_H */
