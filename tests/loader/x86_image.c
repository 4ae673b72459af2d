/* The hand-assembled x86_64 test capsule (see x86_image.h). */
#include "x86_image.h"

#include <string.h>

#include "wcap/capsule_abi.h"
#include "wcap/symbols.h"

#define IMG_BSS 16u
#define INTERRUPT_OFF (XI_IMAGE_SIZE + 8u)

static void put(uint8_t *img, uint32_t off, const uint8_t *code, size_t n)
{
    memcpy(img + off, code, n);
}

static void put64(uint8_t *img, uint32_t off, uint64_t v)
{
    wcap_wr32(img + off, (uint32_t)v);
    wcap_wr32(img + off + 4, (uint32_t)(v >> 32));
}

static void code(uint8_t *img)
{
    static const uint8_t init[] = {0xC3};
    static const uint8_t inst[] = {0x53, 0x48, 0x89, 0xFB, 0x48, 0x89, 0x37, 0x48, 0x8D, 0x7B, 0x08, 0xBE, 0x01, 0,
                                   0,    0,    0xBA, 0x01, 0,    0,    0,    0xE8, 0xFC, 0xFF, 0xFF, 0xFF, 0x5B, 0xC3};
    static const uint8_t add42[] = {0x8B, 0x06, 0x83, 0xC0, 0x2A, 0x89, 0x06, 0xC3};
    static const uint8_t hello[] = {0x48, 0x8B, 0x47, 0x08, 0x66, 0xC7, 0x00, 0x68, 0x69, 0x48, 0x8B,
                                    0x3F, 0x31, 0xF6, 0xBA, 0x02, 0,    0,    0,    0x48, 0x83, 0xEC,
                                    0x08, 0xE8, 0xFC, 0xFF, 0xFF, 0xFF, 0x48, 0x83, 0xC4, 0x08, 0xC3};
    uint8_t spin[] = {0x8B, 0x05, 0, 0,    0,    0,    0x85, 0xC0, 0x74, 0xF6, 0xBF, 0x09,
                      0,    0,    0, 0x48, 0x83, 0xEC, 0x08, 0xE8, 0xFC, 0xFF, 0xFF, 0xFF};
    static const uint8_t trap[] = {0xBF, 0x03, 0, 0, 0, 0x48, 0x83, 0xEC, 0x08, 0xE8, 0xFC, 0xFF, 0xFF, 0xFF};
    wcap_wr32(spin + 2, INTERRUPT_OFF - 0x86u); /* RIP-relative, resolved by the packager */
    put(img, 0x00, init, sizeof init);
    put(img, 0x10, inst, sizeof inst);
    put(img, 0x40, add42, sizeof add42);
    put(img, 0x50, hello, sizeof hello);
    put(img, 0x80, spin, sizeof spin);
    put(img, XI_TRAP_FN, trap, sizeof trap);
    memcpy(img + 0xC0, "add42\0\0\0i:i\0\0\0\0\0hello\0\0\0:\0\0\0\0\0\0\0spin\0\0\0\0trap", 0x2D);
}

static void reloc(wcap_reloc_t *r, uint32_t off, uint8_t kind, uint16_t sym)
{
    r->offset = off;
    r->kind = kind;
    r->reserved = 0;
    r->sym = sym;
}

static void tables(xi_t *x)
{
    static const uint32_t names[4] = {0xC0, 0xD0, 0xE0, 0xE8};
    static const uint32_t sigs[4] = {0xC8, 0xD8, 0xD8, 0xD8};
    static const uint32_t fns[4] = {0x40, 0x50, 0x80, XI_TRAP_FN};
    uint8_t *img = x->image;
    wcap_reloc_t *r = x->relocs;
    unsigned i;
    for (i = 0; i < 4; i++) {
        uint32_t e = 0x100u + 24u * i;
        put64(img, e, names[i]);
        put64(img, e + 8, sigs[i]);
        put64(img, e + 16, fns[i]);
        reloc(r++, e, WCAP_R_ABS64, WCAP_SYM_IMAGE);
        reloc(r++, e + 8, WCAP_R_ABS64, WCAP_SYM_IMAGE);
        reloc(r++, e + 16, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    }
    wcap_wr32(img + XI_ENTRY + 0, WCAP_ABI_VERSION);
    wcap_wr32(img + XI_ENTRY + 4, 32); /* instance: ctx pointer + wasm_rt_memory_t */
    wcap_wr32(img + XI_ENTRY + 8, 4);
    put64(img, XI_ENTRY + 16, 0x100);
    put64(img, XI_ENTRY + 24, 0x00);
    put64(img, XI_ENTRY + 32, 0x10);
    put64(img, XI_ENTRY + 48, XI_IMAGE_SIZE);
    put64(img, XI_ENTRY + 56, INTERRUPT_OFF);
    reloc(r++, XI_ENTRY + 16, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    reloc(r++, XI_ENTRY + 24, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    reloc(r++, XI_ENTRY + 32, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    reloc(r++, XI_ENTRY + 48, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    reloc(r++, XI_ENTRY + 56, WCAP_R_ABS64, WCAP_SYM_IMAGE);
}

void xi_build(xi_t *x, tb_spec_t *spec)
{
    wcap_reloc_t *r;
    memset(x, 0, sizeof *x);
    code(x->image);
    tables(x);
    r = &x->relocs[17];
    /* call sites: allocate_memory, log, trap (spin), trap (trap) */
    reloc(r++, 0x26, WCAP_R_X86_PC32, 0);
    reloc(r++, 0x68, WCAP_R_X86_PC32, 1);
    reloc(r++, 0x94, WCAP_R_X86_PC32, 2);
    reloc(r++, 0xAA, WCAP_R_X86_PC32, 2);
    x->imports[0] = WCAP_SYM_wasm_rt_allocate_memory;
    x->imports[1] = 1; /* wcap.log, a native (format/include/wcap/api_wcap.def) */
    x->imports[2] = WCAP_SYM_wasm_rt_trap;
    spec->image = x->image;
    spec->imports = x->imports;
    spec->relocs = x->relocs;
    spec->m.image_size = XI_IMAGE_SIZE;
    spec->m.text_size = 0xC0;
    spec->m.rodata_size = XI_IMAGE_SIZE - 0xC0;
    spec->m.bss_size = IMG_BSS;
    spec->m.n_imports = 3;
    spec->m.n_relocs = XI_N_RELOCS;
    spec->m.entry = XI_ENTRY;
    spec->m.instance_size = 32;
    spec->m.mem_min = 4096;
    spec->m.mem_max = 4096;
    spec->m.caps = WCAP_CAP_LOG;
}
