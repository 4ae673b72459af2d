/*
 * compiler.pack_xtensa: the Xtensa packer (host/compiler/pack_xtensa.c) on objects
 * assembled here with xtensa-lx106-elf-as, for what wasm2c output compiled with
 * -mlongcalls never contains (compiler.reloc_xcheck.xtensa-lx106 covers that):
 *  - a CALL0 / J / branch / L32R across sections of the image is re-encoded
 *    to its target (checked by decoding the packed instruction);
 *  - a CALL0 to an import (no -mlongcalls) is refused, naming -mlongcalls;
 *  - a branch whose target in another section is beyond its reach is refused;
 *  - a literal word for an import becomes an ABS32 record with its addend in place.
 *
 *   test_pack_xtensa WORK_DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "pack.h"

static int failures;

#define CHECK(c, ...)                                            \
    do {                                                         \
        if (!(c)) {                                              \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                        \
            fprintf(stderr, "\n");                               \
            failures++;                                          \
        }                                                        \
    } while (0)

/* Every object defines the capsule descriptor the packer looks for. */
static const char descriptor[] = "  .section .rodata.info, \"a\"\n  .balign 4\n  .globl wcap_capsule_info\n"
                                 "wcap_capsule_info:\n  .skip 64\n";

/* Assembles `src` into DIR/NAME.o; returns its path (static buffer) or NULL. */
static const char *assemble(const char *dir, const char *name, const char *src)
{
    static char obj[4096];
    char path[4096], cmd[8400];
    snprintf(path, sizeof path, "%s/%s.s", dir, name);
    snprintf(obj, sizeof obj, "%s/%s.o", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fprintf(f, "%s%s", src, descriptor);
    fclose(f);
    snprintf(cmd, sizeof cmd, "xtensa-lx106-elf-as --text-section-literals --no-transform '%s' -o '%s'", path, obj);
    int rc = system(cmd);
    return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0 ? obj : NULL;
}

static int pack(const char *obj, wcapc_packed_t *out, char *err, size_t errcap)
{
    wcapc_pack_opts_t o = {0};
    int import_err = 0;
    o.obj_path = obj;
    o.packer = &wcapc_pack_xtensa;
    o.elf_machine = 94; /* EM_XTENSA */
    o.elf_class = 1;    /* ELFCLASS32 */
    o.arch = WCAP_ARCH_XTENSA;
    err[0] = 0;
    return wcapc_pack(&o, out, &import_err, err, errcap);
}

static uint32_t insn24(const wcapc_packed_t *p, uint32_t off)
{
    return (uint32_t)p->image.data[off] | ((uint32_t)p->image.data[off + 1] << 8) |
           ((uint32_t)p->image.data[off + 2] << 16);
}

static int32_t sext(uint32_t v, int bits)
{
    uint32_t m = 1u << (bits - 1);
    return (int32_t)((v & ((m << 1) - 1u)) ^ m) - (int32_t)m;
}

/* Section .text.a (image offset 0) calls, jumps and branches into .text.b,
 * which the packer places after it: the assembler leaves these fields for the
 * linker, the packer must fill them in. */
static void cross_section(const char *dir)
{
    static const char src[] = "  .section .text.a, \"ax\"\n  .balign 4\n"
                              "a0: call0 far_fn\n"       /* 0: CALL0 */
                              "    j far_label\n"        /* 3: J */
                              "    beqz a2, far_label\n" /* 6: BRI12 */
                              "    ret\n"
                              "  .section .text.b, \"ax\"\n  .balign 4\n"
                              "  .literal_position\n"
                              "  .literal lit_b, 0x12345678\n"
                              "far_label: nop\n"
                              "  .balign 4\n"
                              "far_fn: l32r a3, lit_b\n"
                              "    ret\n";
    wcapc_packed_t p;
    char err[512];
    const char *obj = assemble(dir, "cross", src);
    CHECK(obj != NULL, "cross: assembler failed");
    if (!obj)
        return;
    int rc = pack(obj, &p, err, sizeof err);
    CHECK(rc == 0, "cross: refused: %s", err);
    if (rc)
        return;
    /* .text.a is 12 bytes (3 + 3 + 3 + 2 = 11, aligned), .text.b follows at 12:
     * the literal at 12, far_label at 16, far_fn at 20 (aligned). */
    uint32_t b = 12, lit = b, far_label = b + 4, far_fn = b + 8;
    uint32_t c = insn24(&p, 0), j = insn24(&p, 3), bz = insn24(&p, 6);
    CHECK((c & 0x3Fu) == 0x05u, "cross: call0 opcode 0x%06x", c);
    CHECK((int64_t)(0 & ~3u) + (int64_t)sext(c >> 6, 18) * 4 + 4 == far_fn, "cross: call0 goes to 0x%llx",
          (long long)((int64_t)sext(c >> 6, 18) * 4 + 4));
    CHECK((int64_t)3 + 4 + sext(j >> 6, 18) == far_label, "cross: j offset %d", sext(j >> 6, 18));
    CHECK((int64_t)6 + 4 + sext(bz >> 12, 12) == far_label, "cross: beqz offset %d", sext(bz >> 12, 12));
    uint32_t l = insn24(&p, far_fn);
    CHECK((l & 0xFu) == 0x1u, "cross: l32r opcode 0x%06x", l);
    CHECK((int64_t)((far_fn + 3u) & ~3u) + (int64_t)(int32_t)(0xFFFF0000u | (l >> 8)) * 4 == lit,
          "cross: l32r does not load the literal");
    CHECK(p.n_relocs == 0, "cross: %u device relocations, none expected", p.n_relocs);
    wcapc_packed_free(&p);
}

/* A direct CALL0 to an import: what a capsule compiled without -mlongcalls has. */
static void call_import(const char *dir)
{
    static const char src[] = "  .text\n  .balign 4\n"
                              "f: call0 memcpy\n    ret\n";
    wcapc_packed_t p;
    char err[512];
    const char *obj = assemble(dir, "callimp", src);
    CHECK(obj != NULL, "callimp: assembler failed");
    if (!obj)
        return;
    CHECK(pack(obj, &p, err, sizeof err) != 0, "callimp: a CALL0 to an import was accepted");
    CHECK(strstr(err, "-mlongcalls") && strstr(err, "memcpy"), "callimp: message '%s'", err);
}

/* A BEQZ (+-2 KB) to a label in another section 4 KB further on. */
static void out_of_range(const char *dir)
{
    static const char src[] = "  .section .text.a, \"ax\"\n  .balign 4\n"
                              "f: beqz a2, far\n    ret\n"
                              "  .section .text.b, \"ax\"\n  .balign 4\n"
                              "  .skip 4096\n"
                              "far: ret\n";
    wcapc_packed_t p;
    char err[512];
    const char *obj = assemble(dir, "range", src);
    CHECK(obj != NULL, "range: assembler failed");
    if (!obj)
        return;
    CHECK(pack(obj, &p, err, sizeof err) != 0, "range: an out-of-range branch was accepted");
    CHECK(strstr(err, "out of range") != NULL, "range: message '%s'", err);
}

/* A literal for an import (what -mlongcalls produces), with an addend. */
static void literal_import(const char *dir)
{
    static const char src[] = "  .text\n  .literal_position\n  .literal lit, memset + 8\n  .balign 4\n"
                              "f: l32r a2, lit\n    callx0 a2\n    ret\n";
    wcapc_packed_t p;
    char err[512];
    const char *obj = assemble(dir, "litimp", src);
    CHECK(obj != NULL, "litimp: assembler failed");
    if (!obj)
        return;
    int rc = pack(obj, &p, err, sizeof err);
    CHECK(rc == 0, "litimp: refused: %s", err);
    if (rc)
        return;
    CHECK(p.n_imports == 1 && p.n_relocs == 1 && p.reloc_counts[WCAP_R_ABS32] == 1,
          "litimp: %u imports, %u relocations", p.n_imports, p.n_relocs);
    uint32_t w = (uint32_t)p.image.data[0] | ((uint32_t)p.image.data[1] << 8) | ((uint32_t)p.image.data[2] << 16) |
                 ((uint32_t)p.image.data[3] << 24);
    CHECK(w == 8u, "litimp: addend in place is %u, want 8", w);
    wcapc_packed_free(&p);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORK_DIR\n", argv[0]);
        return 2;
    }
    cross_section(argv[1]);
    call_import(argv[1]);
    out_of_range(argv[1]);
    literal_import(argv[1]);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
