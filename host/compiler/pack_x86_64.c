/*
 * x86_64 relocations (System V psABI). The capsule is compiled -fPIC with
 * hidden visibility, so references inside the image are RIP-relative and
 * resolved here; imports become X86_PC32 (calls) and pointers ABS64.
 */
#include <elf.h>
#include <stdint.h>

#include "pack.h"

static const char *type_name(uint32_t t)
{
    static const char *const names[] = {
        [R_X86_64_NONE] = "R_X86_64_NONE",
        [R_X86_64_64] = "R_X86_64_64",
        [R_X86_64_PC32] = "R_X86_64_PC32",
        [R_X86_64_GOT32] = "R_X86_64_GOT32",
        [R_X86_64_PLT32] = "R_X86_64_PLT32",
        [R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL",
        [R_X86_64_32] = "R_X86_64_32",
        [R_X86_64_32S] = "R_X86_64_32S",
        [R_X86_64_PC64] = "R_X86_64_PC64",
        [R_X86_64_GOTPCRELX] = "R_X86_64_GOTPCRELX",
        [R_X86_64_REX_GOTPCRELX] = "R_X86_64_REX_GOTPCRELX",
    };
    return t < sizeof names / sizeof names[0] && names[t] ? names[t] : "R_X86_64_?";
}

/* S + A - P into a 32-bit field, or a device X86_PC32 record for an import. */
static int pc32(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    if (r->is_import) {
        if (r->addend < INT32_MIN || r->addend > INT32_MAX)
            return wcapc_pack_error(p, "addend out of range at 0x%x", r->place);
        return wcapc_pack_wr32(p, r->place, (uint32_t)(int32_t)r->addend) ||
               wcapc_pack_emit(p, r->place, WCAP_R_X86_PC32, r->import);
    }
    int64_t v = (int64_t)r->target + r->addend - (int64_t)r->place;
    if (v < INT32_MIN || v > INT32_MAX)
        return wcapc_pack_error(p, "PC-relative displacement out of range at 0x%x", r->place);
    return wcapc_pack_wr32(p, r->place, (uint32_t)(int32_t)v);
}

/*
 * A GOT-relative load of a symbol's address. wcap images have no GOT: relax
 * the instruction as the psABI allows for a linker (mov -> lea, call/jmp *mem
 * -> direct), then treat it as PC32.
 */
static int gotpcrel(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    uint32_t size;
    uint8_t *img = wcapc_pack_image(p, &size);
    if (r->place < 2 || r->place > size)
        return wcapc_pack_unhandled(p, r);
    uint8_t *op = img + r->place - 2;              /* opcode, ModRM, then the displacement at place */
    if (op[0] == 0x8b && (op[1] & 0xC7) == 0x05) { /* mov foo@GOTPCREL(%rip), %reg -> lea foo(%rip), %reg */
        op[0] = 0x8d;
    } else if (op[0] == 0xff && op[1] == 0x15) { /* call *foo@GOTPCREL(%rip) -> addr32 call foo */
        op[0] = 0x67;
        op[1] = 0xe8;
    } else if (op[0] == 0xff && op[1] == 0x25) { /* jmp *foo@GOTPCREL(%rip) -> jmp foo; nop */
        if (r->place + 4 > size)
            return wcapc_pack_unhandled(p, r);
        op[0] = 0xe9;
        img[r->place + 3] = 0x90;
        wcapc_rel_t moved = *r; /* the displacement starts one byte earlier; its end moves with it */
        moved.place -= 1;
        return pc32(p, &moved);
    } else {
        return wcapc_pack_unhandled(p, r);
    }
    return pc32(p, r);
}

static int apply(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    switch (r->type) {
    case R_X86_64_NONE: return 0;
    case R_X86_64_64:
        if (r->is_import)
            return wcapc_pack_wr64(p, r->place, (uint64_t)r->addend) ||
                   wcapc_pack_emit(p, r->place, WCAP_R_ABS64, r->import);
        return wcapc_pack_wr64(p, r->place, r->target + (uint64_t)r->addend) ||
               wcapc_pack_emit(p, r->place, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    case R_X86_64_PC32:
    case R_X86_64_PLT32: return pc32(p, r);
    case R_X86_64_PC64:
        if (r->is_import)
            return wcapc_pack_unhandled(p, r);
        return wcapc_pack_wr64(p, r->place, (uint64_t)((int64_t)r->target + r->addend - (int64_t)r->place));
    case R_X86_64_GOTPCREL:
    case R_X86_64_GOTPCRELX:
    case R_X86_64_REX_GOTPCRELX: return gotpcrel(p, r);
    default: return wcapc_pack_unhandled(p, r);
    }
}

const wcapc_packer_t wcapc_pack_x86_64 = {"x86_64", apply, type_name};
