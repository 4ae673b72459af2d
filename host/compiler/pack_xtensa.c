/*
 * Xtensa (LX106, call0 ABI, little-endian) relocations, RELA with the addend
 * partly in place (binutils' R_XTENSA_32 adds the word already in the field),
 * per binutils' elf32-xtensa.c. Capsules are built with -mlongcalls
 * -mtext-section-literals (host/compiler/targets.def): every call to an import and
 * every address is an R_XTENSA_32 literal word in the function's own text
 * section, loaded with L32R and called with CALLX0, so only absolute words
 * need the device (WCAP_R_ABS32).
 *
 *   R_XTENSA_32         ABS32: an import -> device record (in-place addend),
 *                       the image -> resolved here, device record against the image
 *   R_XTENSA_SLOT0_OP   the PC-relative field of one instruction (L32R, CALLn, J,
 *                       the branches): its target must be in the image. The
 *                       assembler has already filled it in when the target is in
 *                       the same section; the packer checks the field decodes to
 *                       the target and otherwise encodes it (another section of
 *                       the image), refusing what does not fit its range. To an
 *                       import: refused (the capsule was not built with -mlongcalls)
 *   R_XTENSA_ASM_EXPAND a hint for linker relaxation (this L32R/CALLX0 came from a
 *                       CALL): nothing to do
 *   R_XTENSA_NONE, R_XTENSA_DIFF*: nothing to do (DIFF only in debug sections,
 *                       which are dropped)
 * Everything else (PLT, TLS, the ALT and other slots of FLIX bundles, which the
 * LX106 does not have) is refused.
 */
#include <elf.h>
#include <stdint.h>

#include "pack.h"

/* binutils include/elf/xtensa.h (glibc's elf.h has no Xtensa relocations). */
#define R_XTENSA_NONE 0
#define R_XTENSA_32 1
#define R_XTENSA_RTLD 2
#define R_XTENSA_GLOB_DAT 3
#define R_XTENSA_JMP_SLOT 4
#define R_XTENSA_RELATIVE 5
#define R_XTENSA_PLT 6
#define R_XTENSA_OP0 8
#define R_XTENSA_OP1 9
#define R_XTENSA_OP2 10
#define R_XTENSA_ASM_EXPAND 11
#define R_XTENSA_ASM_SIMPLIFY 12
#define R_XTENSA_32_PCREL 14
#define R_XTENSA_DIFF8 17
#define R_XTENSA_DIFF16 18
#define R_XTENSA_DIFF32 19
#define R_XTENSA_SLOT0_OP 20
#define R_XTENSA_SLOT0_ALT 35

static const char *type_name(uint32_t t)
{
    switch (t) {
    case R_XTENSA_NONE: return "R_XTENSA_NONE";
    case R_XTENSA_32: return "R_XTENSA_32";
    case R_XTENSA_RTLD: return "R_XTENSA_RTLD";
    case R_XTENSA_GLOB_DAT: return "R_XTENSA_GLOB_DAT";
    case R_XTENSA_JMP_SLOT: return "R_XTENSA_JMP_SLOT";
    case R_XTENSA_RELATIVE: return "R_XTENSA_RELATIVE";
    case R_XTENSA_PLT: return "R_XTENSA_PLT (-fPIC is not supported)";
    case R_XTENSA_OP0: return "R_XTENSA_OP0";
    case R_XTENSA_OP1: return "R_XTENSA_OP1";
    case R_XTENSA_OP2: return "R_XTENSA_OP2";
    case R_XTENSA_ASM_EXPAND: return "R_XTENSA_ASM_EXPAND";
    case R_XTENSA_ASM_SIMPLIFY: return "R_XTENSA_ASM_SIMPLIFY";
    case R_XTENSA_32_PCREL: return "R_XTENSA_32_PCREL";
    case R_XTENSA_DIFF8: return "R_XTENSA_DIFF8";
    case R_XTENSA_DIFF16: return "R_XTENSA_DIFF16";
    case R_XTENSA_DIFF32: return "R_XTENSA_DIFF32";
    case R_XTENSA_SLOT0_OP: return "R_XTENSA_SLOT0_OP";
    case R_XTENSA_SLOT0_ALT: return "R_XTENSA_SLOT0_ALT";
    default:
        if (t > R_XTENSA_SLOT0_OP && t < R_XTENSA_SLOT0_ALT)
            return "R_XTENSA_SLOTn_OP (FLIX bundle; not on the LX106)";
        if (t > R_XTENSA_SLOT0_ALT && t <= R_XTENSA_SLOT0_ALT + 14)
            return "R_XTENSA_SLOTn_ALT (FLIX bundle; not on the LX106)";
        return "R_XTENSA_?";
    }
}

/* The PC-relative instruction forms a SLOT0_OP can patch. */
enum { F_L32R, F_CALL, F_J, F_BRI12, F_BRI8, F_RI6 };

typedef struct {
    int form;
    int size;      /* instruction bytes: 3, or 2 for the narrow branch */
    uint32_t insn; /* the instruction, little-endian, in the low bits */
} xt_insn_t;

/* Classifies the instruction at a SLOT0_OP place (Xtensa ISA reference,
 * little-endian encodings: op0 in bits 3..0). */
static int decode(wcapc_pack_t *p, const wcapc_rel_t *r, xt_insn_t *in)
{
    uint32_t size;
    uint8_t *img = wcapc_pack_image(p, &size);
    if (r->place >= size || size - r->place < 2)
        return wcapc_pack_error(p, "%s at 0x%x outside the image", type_name(r->type), r->place);
    const uint8_t *b = img + r->place;
    uint32_t op0 = b[0] & 0xFu;
    if (op0 == 0xCu) { /* RI6: BEQZ.N / BNEZ.N have bit 7 set */
        in->insn = (uint32_t)b[0] | ((uint32_t)b[1] << 8);
        in->size = 2;
        in->form = F_RI6;
        if (!(b[0] & 0x80u))
            return wcapc_pack_error(p, "%s at 0x%x: 16-bit instruction 0x%04x has no PC-relative field",
                                    type_name(r->type), r->place, in->insn);
        return 0;
    }
    if (size - r->place < 3)
        return wcapc_pack_error(p, "%s at 0x%x outside the image", type_name(r->type), r->place);
    in->insn = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16);
    in->size = 3;
    uint32_t n = (in->insn >> 4) & 3u, m = (in->insn >> 6) & 3u;
    if (op0 == 0x1u)
        in->form = F_L32R;
    else if (op0 == 0x5u)
        in->form = F_CALL;
    else if (op0 == 0x6u && n == 0u)
        in->form = F_J;
    else if (op0 == 0x6u && n == 1u)
        in->form = F_BRI12; /* BEQZ BNEZ BLTZ BGEZ */
    else if (op0 == 0x6u && (n == 2u || (n == 3u && m >= 2u)))
        in->form = F_BRI8; /* BEQI BNEI BLTI BGEI, BLTUI BGEUI */
    else if (op0 == 0x7u)
        in->form = F_BRI8; /* RRI8 branches: BEQ BNE BLT BGE BLTU BGEU BALL BANY BBC BBS BBCI BBSI ... */
    else
        return wcapc_pack_error(p,
                                "%s at 0x%x: instruction 0x%06x is not one wcap can relocate (no loops or "
                                "FLIX on the LX106)",
                                type_name(r->type), r->place, in->insn);
    return 0;
}

static int32_t sext(uint32_t v, int bits)
{
    uint32_t m = 1u << (bits - 1);
    return (int32_t)((v ^ m) - m);
}

/* The image offset the instruction at `place` refers to. */
static int64_t target_of(const xt_insn_t *in, uint32_t place)
{
    switch (in->form) {
    case F_L32R: /* ((PC + 3) & ~3) + (0xFFFF0000 | imm16) * 4: literals always precede */
        return (int64_t)((place + 3u) & ~3u) + (int64_t)sext(0xFFFF0000u | (in->insn >> 8), 32) * 4;
    case F_CALL: /* (PC & ~3) + offset18 * 4 + 4 */
        return (int64_t)(place & ~3u) + (int64_t)sext(in->insn >> 6, 18) * 4 + 4;
    case F_J: return (int64_t)place + 4 + sext(in->insn >> 6, 18);
    case F_BRI12: return (int64_t)place + 4 + sext(in->insn >> 12, 12);
    case F_BRI8: return (int64_t)place + 4 + sext(in->insn >> 16, 8);
    default: /* F_RI6: imm6 = bits 5..4 (high) : bits 15..12 (low), unsigned */
        return (int64_t)place + 4 + (int64_t)((((in->insn >> 4) & 3u) << 4) | ((in->insn >> 12) & 0xFu));
    }
}

/* Encodes `target` into the instruction; -1 when out of its range. */
static int encode(xt_insn_t *in, uint32_t place, int64_t target)
{
    int64_t d;
    switch (in->form) {
    case F_L32R:
        if (target & 3)
            return -1;
        d = (target - (int64_t)((place + 3u) & ~3u)) / 4;
        if (d < -65536 || d > -1)
            return -1;
        in->insn = (in->insn & 0xFFu) | (((uint32_t)d & 0xFFFFu) << 8);
        return 0;
    case F_CALL:
        if (target & 3)
            return -1;
        d = (target - (int64_t)(place & ~3u) - 4) / 4;
        if (d < -(1 << 17) || d >= (1 << 17))
            return -1;
        in->insn = (in->insn & 0x3Fu) | (((uint32_t)d & 0x3FFFFu) << 6);
        return 0;
    case F_J:
        d = target - (int64_t)place - 4;
        if (d < -(1 << 17) || d >= (1 << 17))
            return -1;
        in->insn = (in->insn & 0x3Fu) | (((uint32_t)d & 0x3FFFFu) << 6);
        return 0;
    case F_BRI12:
        d = target - (int64_t)place - 4;
        if (d < -(1 << 11) || d >= (1 << 11))
            return -1;
        in->insn = (in->insn & 0xFFFu) | (((uint32_t)d & 0xFFFu) << 12);
        return 0;
    case F_BRI8:
        d = target - (int64_t)place - 4;
        if (d < -128 || d > 127)
            return -1;
        in->insn = (in->insn & 0xFFFFu) | (((uint32_t)d & 0xFFu) << 16);
        return 0;
    default:
        d = target - (int64_t)place - 4;
        if (d < 0 || d > 63)
            return -1;
        in->insn = (in->insn & 0x0FCFu) | (((uint32_t)d >> 4) << 4) | (((uint32_t)d & 0xFu) << 12);
        return 0;
    }
}

static int slot0_op(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    xt_insn_t in = {F_L32R, 0, 0};
    if (r->is_import)
        return wcapc_pack_error(p,
                                "%s at 0x%x in %s: a direct reference to import '%s' (the capsule must be "
                                "compiled with -mlongcalls so that imports are reached through literals)",
                                type_name(r->type), r->place, r->section, r->sym_name);
    if (decode(p, r, &in))
        return -1;
    int64_t want = (int64_t)r->target + r->addend;
    if (target_of(&in, r->place) == want)
        return 0; /* filled in by the assembler (same section) */
    if (encode(&in, r->place, want))
        return wcapc_pack_error(p, "%s at 0x%x in %s: target 0x%llx (%s%+lld) out of range of the instruction",
                                type_name(r->type), r->place, r->section, (long long)want, r->sym_name,
                                (long long)r->addend);
    uint8_t *img = wcapc_pack_image(p, &(uint32_t){0});
    img[r->place] = (uint8_t)in.insn;
    img[r->place + 1] = (uint8_t)(in.insn >> 8);
    if (in.size == 3)
        img[r->place + 2] = (uint8_t)(in.insn >> 16);
    return 0;
}

static int abs32(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    uint32_t inplace;
    if (wcapc_pack_rd32(p, r->place, &inplace))
        return -1;
    uint32_t addend = inplace + (uint32_t)r->addend;
    if (r->is_import)
        return wcapc_pack_wr32(p, r->place, addend) || wcapc_pack_emit(p, r->place, WCAP_R_ABS32, r->import);
    return wcapc_pack_wr32(p, r->place, (uint32_t)r->target + addend) ||
           wcapc_pack_emit(p, r->place, WCAP_R_ABS32, WCAP_SYM_IMAGE);
}

static int apply(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    switch (r->type) {
    case R_XTENSA_NONE:
    case R_XTENSA_ASM_EXPAND:
    case R_XTENSA_DIFF8:
    case R_XTENSA_DIFF16:
    case R_XTENSA_DIFF32: return 0;
    case R_XTENSA_32: return abs32(p, r);
    case R_XTENSA_SLOT0_OP: return slot0_op(p, r);
    default: return wcapc_pack_unhandled(p, r);
    }
}

const wcapc_packer_t wcapc_pack_xtensa = {"xtensa", apply, type_name};
