/* arm relocations: not written yet (refuses everything). */
#include "pack.h"
static const char *type_name(uint32_t t) { (void)t; return "?"; }
static int apply(wcapc_pack_t *p, const wcapc_rel_t *r) { return wcapc_pack_unhandled(p, r); }
const wcapc_packer_t wcapc_pack_arm = {"arm", apply, type_name};
