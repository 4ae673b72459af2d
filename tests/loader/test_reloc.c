/*
 * Relocator unit tests for x86_64, Arm Thumb-2, RISC-V rv32 and Xtensa: encodings
 * checked by decoding the patched instruction, range limits, veneers, and
 * every error (kind, offset, symbol, instruction, range).
 */
#include <string.h>

#include "test_util.h"
#include "wcap/reloc.h"

static uint8_t img[64], stubs[32];
static wcap_reloc_ctx_t rc;

static void ctx(uint64_t addr)
{
    memset(img, 0, sizeof img);
    memset(stubs, 0, sizeof stubs);
    memset(&rc, 0, sizeof rc);
    rc.image = img;
    rc.addr = addr;
    rc.image_size = sizeof img;
    rc.stubs = stubs;
    rc.stubs_addr = addr + sizeof img;
    rc.n_imports = 4;
}

static wcap_reloc_t R(uint32_t off, uint8_t kind, uint16_t sym)
{
    wcap_reloc_t r = {off, kind, 0, sym};
    return r;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)wcap_rd32(p) | ((uint64_t)wcap_rd32(p + 4) << 32);
}

static void test_x86_64(void)
{
    wcap_reloc_t r;
    ctx(0x7f0000001000ull);
    wcap_wr32(img + 8, 0x40);
    r = R(8, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr), WCAP_OK);
    CHECK(rd64(img + 8) == 0x7f0000001040ull);
    /* PC32 to an import 1 MB above, addend -4 */
    wcap_wr32(img + 20, 0xFFFFFFFCu);
    r = R(20, WCAP_R_X86_PC32, 0);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr + 0x100000), WCAP_OK);
    CHECK_EQ((int32_t)wcap_rd32(img + 20), 0x100000 - 20 - 4);
    /* out of +-2 GB */
    wcap_wr32(img + 20, 0xFFFFFFFCu);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr + 0x80000000ull + 100), WCAP_E_LDR_RELOC_RANGE);
    CHECK_EQ((int32_t)wcap_rd32(img + 20), -4); /* untouched on error */
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr - 0x7FFFFF00ull), WCAP_OK);
    CHECK_EQ((int32_t)wcap_rd32(img + 20), -0x7FFFFF00 - 20 - 4);
    r = R(20, WCAP_R_X86_PC32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_SYM);
    r = R(60, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_OFFSET);
    r = R(0, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_KIND);
    r = R(0, WCAP_R_THM_CALL, 0);
    CHECK_EQ(wcap_reloc_x86_64(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_KIND);
}

/* Decodes a Thumb-2 BL/B.W at p: returns the branch offset. */
static int32_t bl_offset(const uint8_t *p)
{
    uint16_t hi = wcap_rd16(p), lo = wcap_rd16(p + 2);
    uint32_t s = (hi >> 10) & 1u, j1 = (lo >> 13) & 1u, j2 = (lo >> 11) & 1u;
    uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
    uint32_t v = (s << 24) | (i1 << 23) | (i2 << 22) | ((hi & 0x3FFu) << 12) | ((lo & 0x7FFu) << 1);
    return (int32_t)(v ^ 0x1000000u) - 0x1000000;
}

static void put_bl(uint32_t off, int bw)
{
    wcap_wr16(img + off, 0xF7FFu); /* BL #-4 (REL addend) */
    wcap_wr16(img + off + 2, bw ? 0xBFFEu : 0xFFFEu);
}

static void test_arm(void)
{
    wcap_reloc_t r;
    ctx(0x20000000u);
    wcap_wr32(img + 0, 0x10);
    r = R(0, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, rc.addr), WCAP_OK);
    CHECK_EQ(wcap_rd32(img), 0x20000010u);
    wcap_wr32(img + 0, 0x20);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, 0xFFFFFFF0u), WCAP_E_LDR_RELOC_RANGE);
    CHECK_EQ(wcap_rd32(img), 0x20);

    /* direct BL to a nearby import */
    put_bl(4, 0);
    CHECK_EQ(bl_offset(img + 4), -4);
    r = R(4, WCAP_R_THM_CALL, 1);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, 0x20001001u), WCAP_OK);
    CHECK_EQ(0x20000004 + 4 + bl_offset(img + 4), 0x20001000);
    CHECK_EQ(wcap_rd16(img + 6) & 0xD000u, 0xD000u); /* still a BL */
    /* backwards, 16 MB - 2 is the last reachable */
    put_bl(8, 1);
    r = R(8, WCAP_R_THM_CALL, 0);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, 0x20000008u + 4u - 0x1000000u + 1u), WCAP_OK);
    CHECK_EQ(bl_offset(img + 8), -0x1000000);
    CHECK_EQ(wcap_rd16(img + 10) & 0xD000u, 0x9000u); /* still a B.W */

    /* far import (flash at 0x400): through the import's veneer */
    put_bl(12, 0);
    r = R(12, WCAP_R_THM_CALL, 2);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, 0x00000401u), WCAP_OK);
    CHECK_EQ(wcap_rd16(stubs + 16), 0xF8DFu);
    CHECK_EQ(wcap_rd16(stubs + 18), 0xF000u);
    CHECK_EQ(wcap_rd32(stubs + 20), 0x401u);
    CHECK_EQ(0x2000000Cll + 4 + bl_offset(img + 12), (long long)rc.stubs_addr + 16);

    /* errors */
    r = R(16, WCAP_R_THM_CALL, 0);
    wcap_wr32(img + 16, 0xE7FEE7FEu); /* not a BL */
    CHECK_EQ(wcap_reloc_arm(&rc, &r, 0x20000101u), WCAP_E_LDR_RELOC_INSN);
    put_bl(16, 0);
    r = R(16, WCAP_R_THM_CALL, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_SYM);
    r = R(16, WCAP_R_THM_CALL, 4);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_SYM);
    r = R(62, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_OFFSET);
    r = R(0, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_KIND);
    r = R(0, WCAP_R_RV_CALL, 0);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, rc.addr), WCAP_E_LDR_RELOC_KIND);
    /* no veneer area and too far: range error, never a truncated branch */
    rc.stubs = NULL;
    put_bl(20, 0);
    r = R(20, WCAP_R_THM_CALL, 0);
    CHECK_EQ(wcap_reloc_arm(&rc, &r, 0x401u), WCAP_E_LDR_RELOC_RANGE);
}

static int64_t sext(uint32_t v, unsigned bits)
{
    return (int64_t)((int32_t)(v << (32 - bits)) >> (32 - bits));
}

/* auipc upper + I-type lower immediates, as the CPU adds them. */
static int64_t rv_pair(uint32_t auipc, uint32_t lo_i)
{
    return sext(auipc & 0xFFFFF000u, 32) + sext(lo_i >> 20, 12);
}

static void test_riscv(void)
{
    wcap_reloc_t r;
    uint32_t s_insn;
    int64_t simm;
    ctx(0x80000000u);
    /* CALL: auipc ra,0 ; jalr ra,0(ra) at offset 16 to an import far below */
    wcap_wr32(img + 16, 0x00000097u);
    wcap_wr32(img + 20, 0x000080E7u);
    r = R(16, WCAP_R_RV_CALL, 0);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x20400800u), WCAP_OK);
    CHECK_EQ(rv_pair(wcap_rd32(img + 16), wcap_rd32(img + 20)), 0x20400800ll - 0x80000010ll);
    CHECK_EQ(wcap_rd32(img + 16) & 0xFFFu, 0x097u);
    CHECK_EQ(wcap_rd32(img + 20) & 0xFFFFFu, 0x080E7u);
    /* HI20 / LO12_I / LO12_S pairing */
    wcap_wr32(img + 24, 0x00000517u); /* auipc a0,0 */
    wcap_wr32(img + 28, 0x00050513u); /* addi a0,a0,0 */
    wcap_wr32(img + 32, 0x00A52023u); /* sw a0,0(a0) */
    r = R(24, WCAP_R_RV_PCREL_HI20, 1);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x80012FFCu), WCAP_OK);
    r = R(28, WCAP_R_RV_PCREL_LO12_I, 1);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0), WCAP_OK);
    CHECK_EQ(rv_pair(wcap_rd32(img + 24), wcap_rd32(img + 28)), 0x80012FFCll - 0x80000018ll);
    r = R(32, WCAP_R_RV_PCREL_LO12_S, 1);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0), WCAP_OK);
    s_insn = wcap_rd32(img + 32);
    simm = sext(((s_insn >> 25) << 5) | ((s_insn >> 7) & 0x1Fu), 12);
    CHECK_EQ(sext(wcap_rd32(img + 24) & 0xFFFFF000u, 32) + simm, 0x80012FFCll - 0x80000018ll);
    CHECK_EQ(s_insn & 0x01FFF07Fu, 0x00A52023u & 0x01FFF07Fu);
    /* ABS32 */
    wcap_wr32(img + 40, 8);
    r = R(40, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, rc.addr), WCAP_OK);
    CHECK_EQ(wcap_rd32(img + 40), 0x80000008u);
    /* errors */
    ctx(0x80000000u);
    r = R(0, WCAP_R_RV_PCREL_LO12_I, 0);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0), WCAP_E_LDR_RELOC_SYM); /* no HI20 yet */
    wcap_wr32(img + 0, 0x00000013u);                                /* nop, not auipc */
    r = R(0, WCAP_R_RV_CALL, 0);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x100u), WCAP_E_LDR_RELOC_INSN);
    r = R(60, WCAP_R_RV_CALL, 0);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x100u), WCAP_E_LDR_RELOC_OFFSET);
    r = R(0, WCAP_R_RV_CALL, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x100u), WCAP_E_LDR_RELOC_SYM);
    wcap_wr32(img + 8, 0x00000097u);
    wcap_wr32(img + 12, 0x000080E7u);
    r = R(8, WCAP_R_RV_CALL, 0);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x180000000ull), WCAP_E_LDR_RELOC_RANGE);
    CHECK_EQ(wcap_rd32(img + 8), 0x00000097u);
    r = R(8, WCAP_R_ABS64, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0), WCAP_E_LDR_RELOC_KIND);
    r = R(8, WCAP_R_THM_CALL, 0);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0), WCAP_E_LDR_RELOC_KIND);
    wcap_wr32(img + 48, 0xFFFFFFF0u);
    r = R(48, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_riscv32(&rc, &r, 0x100u), WCAP_E_LDR_RELOC_RANGE);
}

static void test_xtensa(void)
{
    wcap_reloc_t r;
    ctx(0x60010000u);
    /* a literal word: an import's address plus the in-place addend */
    wcap_wr32(img + 8, 4u);
    r = R(8, WCAP_R_ABS32, 2);
    CHECK_EQ(wcap_reloc_xtensa(&rc, &r, 0x50001230u), WCAP_OK);
    CHECK_EQ(wcap_rd32(img + 8), 0x50001234u);
    /* against the image, at an odd offset (a data word: bytewise, no misaligned access) */
    wcap_wr32(img + 13, 0x40u);
    r = R(13, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_xtensa(&rc, &r, rc.addr), WCAP_OK);
    CHECK_EQ(wcap_rd32(img + 13), 0x60010040u);
    /* every other kind is refused, the bytes untouched */
    wcap_wr32(img + 20, 0x12345678u);
    for (uint8_t k = 0; k < WCAP_R_KIND_COUNT + 2u; k++) {
        if (k == WCAP_R_ABS32)
            continue;
        r = R(20, k, 0);
        CHECK_EQ(wcap_reloc_xtensa(&rc, &r, 0x50000000u), WCAP_E_LDR_RELOC_KIND);
    }
    CHECK_EQ(wcap_rd32(img + 20), 0x12345678u);
    /* outside the image, and a sum that does not fit 32 bits */
    r = R(sizeof img - 3u, WCAP_R_ABS32, 0);
    CHECK_EQ(wcap_reloc_xtensa(&rc, &r, 0), WCAP_E_LDR_RELOC_OFFSET);
    r = R(0xFFFFFFFEu, WCAP_R_ABS32, 0);
    CHECK_EQ(wcap_reloc_xtensa(&rc, &r, 0), WCAP_E_LDR_RELOC_OFFSET);
    wcap_wr32(img + 48, 0xFFFFFFF0u);
    r = R(48, WCAP_R_ABS32, WCAP_SYM_IMAGE);
    CHECK_EQ(wcap_reloc_xtensa(&rc, &r, 0x100u), WCAP_E_LDR_RELOC_RANGE);
}

static void test_select(void)
{
    uint32_t stub = 99;
    CHECK(wcap_reloc_for_target(WCAP_TARGET_X86_64, &stub) == wcap_reloc_x86_64 && stub == 0);
    CHECK(wcap_reloc_for_target(WCAP_TARGET_CORTEX_M4, &stub) == wcap_reloc_arm && stub == 8);
    CHECK(wcap_reloc_for_target(WCAP_TARGET_CORTEX_M33, &stub) == wcap_reloc_arm && stub == 8);
    CHECK(wcap_reloc_for_target(WCAP_TARGET_RV32IMAC, &stub) == wcap_reloc_riscv32 && stub == 0);
    stub = 99;
    CHECK(wcap_reloc_for_target(WCAP_TARGET_XTENSA_LX106, &stub) == wcap_reloc_xtensa && stub == 0);
    CHECK(wcap_reloc_for_target(99, &stub) == NULL);
}

int main(int argc, char **argv)
{
    const char *w = argc > 1 ? argv[1] : "all";
    if (!strcmp(w, "x86_64") || !strcmp(w, "all"))
        test_x86_64();
    if (!strcmp(w, "arm") || !strcmp(w, "all"))
        test_arm();
    if (!strcmp(w, "riscv32") || !strcmp(w, "all"))
        test_riscv();
    if (!strcmp(w, "xtensa") || !strcmp(w, "all"))
        test_xtensa();
    if (!strcmp(w, "select") || !strcmp(w, "all"))
        test_select();
    return tu_finish(w);
}
