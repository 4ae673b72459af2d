/*
 * The packager: turns clang's relocatable ELF object into the blob payload
 * (image + import table + relocation records, docs/blob-format.md) with
 * libelf. pack.c does the architecture-neutral work (layout, symbols,
 * sections); one file per architecture handles its relocation types.
 */
#ifndef WCAPC_PACK_H
#define WCAPC_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "wcap/blob_format.h"

/* One relocation of the object, with its symbol resolved. */
typedef struct {
    uint32_t type;  /* ELF r_type */
    uint32_t place; /* image offset of the place */
    int64_t addend; /* RELA addend; REL: 0 (the addend is in place) */
    int is_rela;
    int is_import;   /* symbol is an import (else in the image) */
    uint16_t import; /* import table index */
    uint64_t target; /* image offset of the symbol (when !is_import), incl. Thumb bit */
    const char *sym_name;
    const char *section; /* name of the section being relocated */
} wcapc_rel_t;

typedef struct wcapc_pack wcapc_pack_t;

typedef struct {
    const char *arch;
    /* Applies or records one relocation. Returns 0, or -1 after wcapc_pack_error. */
    int (*apply)(wcapc_pack_t *p, const wcapc_rel_t *r);
    /* Name of an ELF relocation type for messages. */
    const char *(*type_name)(uint32_t type);
} wcapc_packer_t;

extern const wcapc_packer_t wcapc_pack_x86_64, wcapc_pack_arm, wcapc_pack_riscv, wcapc_pack_xtensa;

/* What the packager produces. */
typedef struct {
    wcapc_buf_t image; /* image_size bytes */
    uint32_t text_size, rodata_size, data_size, bss_size, image_align;
    uint16_t imports[256]; /* symbol IDs */
    uint32_t n_imports;
    wcapc_buf_t relocs; /* the compact relocation table (wcap/reloc_table.h) */
    uint32_t n_relocs;
    uint32_t reloc_last; /* offset of the last record (the next one is a delta from it) */
    uint32_t entry;      /* image offset of wcap_capsule_info */
    uint32_t instance_size;
    uint32_t reloc_counts[16]; /* by WCAP_R_* kind */
    uint32_t elf_text_data;    /* text+rodata+data bytes of the object, for overhead reports */
} wcapc_packed_t;

/* One symbol that may be imported: name -> ID (symbols.def plus extra symbols). */
typedef struct {
    const char *name;
    uint16_t id;
    uint32_t arches, cap;
} wcapc_symdef_t;

typedef struct {
    const char *obj_path;
    const wcapc_packer_t *packer;
    int elf_machine, elf_class;
    uint32_t arch;               /* WCAP_ARCH_* */
    uint32_t caps;               /* capabilities the capsule declared */
    const wcapc_symdef_t *extra; /* test-only extra symbols (--extra-symbols), may be NULL */
    size_t n_extra;
} wcapc_pack_opts_t;

/* Packs the object. Returns 0, or -1 with a one-line reason in err; *is_import_err
 * is set when the failure is a refused import (unknown symbol, missing cap). */
int wcapc_pack(const wcapc_pack_opts_t *o, wcapc_packed_t *out, int *is_import_err, char *err, size_t errcap);
void wcapc_packed_free(wcapc_packed_t *out);

/* ---- for the architecture files ---- */
int wcapc_pack_error(wcapc_pack_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a device relocation record to the table, in stream order (counts it by kind). */
int wcapc_pack_emit(wcapc_pack_t *p, uint32_t offset, uint8_t kind, uint16_t sym);
/* The image bytes (for patching in place) and their size. */
uint8_t *wcapc_pack_image(wcapc_pack_t *p, uint32_t *size);
/* Scratch storage for the architecture file (zeroed at start, freed by pack.c). */
wcapc_buf_t *wcapc_pack_arch_buf(wcapc_pack_t *p);
/* Refuses a relocation type the architecture file does not handle. */
int wcapc_pack_unhandled(wcapc_pack_t *p, const wcapc_rel_t *r);
/* Little-endian access to the image with bounds checks (-1 after an error). */
int wcapc_pack_rd32(wcapc_pack_t *p, uint32_t off, uint32_t *v);
int wcapc_pack_wr32(wcapc_pack_t *p, uint32_t off, uint32_t v);
int wcapc_pack_rd16(wcapc_pack_t *p, uint32_t off, uint16_t *v);
int wcapc_pack_wr16(wcapc_pack_t *p, uint32_t off, uint16_t v);
int wcapc_pack_wr64(wcapc_pack_t *p, uint32_t off, uint64_t v);

#endif /* WCAPC_PACK_H */
