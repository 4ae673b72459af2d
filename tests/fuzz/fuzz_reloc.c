/*
 * libFuzzer harness: the stage after verification, driven directly: the
 * relocation-table decoder (wcap/reloc_table.h) and the loader's record
 * checks and relocators (loader/src/link.c, arch/reloc_*.c) for all three
 * architectures, on an image at an address of the device's width. The loader
 * harness reaches this stage for x86_64 through the whole loader; on an
 * x86_64 host it cannot reach the Arm (Thumb-2 calls, veneers) and RISC-V
 * (auipc/jalr, HI20/LO12 pairs) relocators, which only 32-bit devices run.
 * docs/fuzzing.md.
 *
 * Input: [target 0..3] [n_imports] [image_size u16 LE] [image address u32 LE]
 *        [n_imports import addresses, u32 LE] [image_size image bytes]
 *        [relocation table bytes ...]; for x86_64 the addresses get
 *        0x7f0000000000 added (a 64-bit process).
 * The image and the Arm veneer area are heap blocks of exactly their size
 * (ASan sees a byte past them). Checked besides ASan/UBSan: a relocator that
 * refuses a record leaves the image and veneers as they were (the loader's
 * "an error, never truncated").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ldr_priv.h"

#define MAX_IMPORTS 32u

static const uint32_t targets[4] = {WCAP_TARGET_X86_64, WCAP_TARGET_CORTEX_M4, WCAP_TARGET_CORTEX_M33,
                                    WCAP_TARGET_RV32IMAC};

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Applies one record as the loader does; aborts if a refusal changed bytes. */
static int apply(wcap_ldr_t *ld, const wcap_rtab_rec_t *rec, uint8_t *before, uint8_t *stubs_before, size_t stubs_len)
{
    memcpy(before, ld->reloc.image, ld->reloc.image_size);
    if (stubs_len)
        memcpy(stubs_before, ld->reloc.stubs, stubs_len);
    int rc = wcap_ldr_link_reloc(ld, rec);
    if (rc != WCAP_OK && (memcmp(before, ld->reloc.image, ld->reloc.image_size) != 0 ||
                          (stubs_len && memcmp(stubs_before, ld->reloc.stubs, stubs_len) != 0))) {
        fprintf(stderr, "fuzz_reloc: refused record (kind %u, offset %u) changed the image\n", rec->kind, rec->offset);
        abort();
    }
    return rc;
}

static void relocate(wcap_ldr_t *ld, const uint8_t *table, size_t len, size_t stubs_len)
{
    uint8_t *before = malloc(ld->reloc.image_size), *stubs_before = malloc(stubs_len ? stubs_len : 1);
    wcap_rtab_dec_t dec;

    wcap_rtab_dec_init(&dec);
    for (size_t i = 0; i < len; i++) {
        wcap_rtab_rec_t rec;
        int st = wcap_rtab_dec_byte(&dec, table[i], &rec);
        if (st == WCAP_RTAB_E_LEB || (st == WCAP_RTAB_RECORD && apply(ld, &rec, before, stubs_before, stubs_len)))
            break;
    }
    free(before);
    free(stubs_before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wcap_sym_t syms[MAX_IMPORTS];
    static wcap_symtab_t tab = {syms, MAX_IMPORTS};
    static wcap_ldr_config_t cfg;
    static wcap_ldr_t ld;

    if (size < 8)
        return 0;
    uint32_t target = targets[data[0] & 3u], n_imp = data[1] % (MAX_IMPORTS + 1u);
    uint32_t image_size = (uint32_t)data[2] | (uint32_t)data[3] << 8, stub_size;
    uint64_t base = rd32(data + 4);
    size_t pos = 8;
    if (image_size == 0 || size < pos + 4u * n_imp + image_size)
        return 0;
    memset(&ld, 0, sizeof ld);
    cfg = (wcap_ldr_config_t){0};
    cfg.target = target;
    cfg.symtab = &tab;
    ld.cfg = &cfg;
    /* a 64-bit device: the image and the runtime above 4 GiB */
    uint64_t high = target == WCAP_TARGET_X86_64 ? 0x7f0000000000ull : 0u;
    for (uint32_t i = 0; i < n_imp; i++, pos += 4) {
        syms[i] = (wcap_sym_t){(uint16_t)i, 0, (const void *)(uintptr_t)(high | rd32(data + pos))};
        ld.buf.imports[i] = (uint16_t)i;
    }
    base |= high;
    (void)wcap_reloc_for_target(target, &stub_size);
    size_t stubs_len = (size_t)stub_size * n_imp;
    uint8_t *image = malloc(image_size), *stubs = stubs_len ? malloc(stubs_len) : NULL;
    memcpy(image, data + pos, image_size);
    if (stubs)
        memset(stubs, 0, stubs_len);
    pos += image_size;
    ld.man.target = target;
    ld.man.image_size = image_size;
    ld.man.n_imports = n_imp;
    ld.reloc = (wcap_reloc_ctx_t){image, base, image_size, stubs, base + ((image_size + 7u) & ~7u), n_imp, 0, 0};
    relocate(&ld, data + pos, size - pos, stubs_len);
    free(image);
    free(stubs);
    return 0;
}
