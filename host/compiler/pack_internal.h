/*
 * Private to the packager (pack.c, pack_io.c): the packing context.
 */
#ifndef WCAPC_PACK_INTERNAL_H
#define WCAPC_PACK_INTERNAL_H

#include <gelf.h>
#include <libelf.h>

#include "pack.h"

enum { PART_NONE, PART_TEXT, PART_RODATA, PART_DATA, PART_BSS };

struct wcapc_pack {
    const wcapc_pack_opts_t *o;
    wcapc_packed_t *out;
    Elf *elf;
    size_t shnum, shstrndx;
    int64_t *sec_off; /* image offset per section, -1 when dropped */
    uint8_t *sec_part;
    Elf_Data *syms;
    size_t sym_strndx, n_syms;
    int32_t *sym_import; /* import index per symbol, -1 when none yet */
    char *err;
    size_t errcap;
    int import_err;
    int failed;
    wcapc_buf_t arch_buf;
};

#endif /* WCAPC_PACK_INTERNAL_H */
