/*
 * wcap blob format, version 1: the fixed-size parts shared by the packager
 * (host/compiler/) and the device loader (loader/). docs/blob-format.md explains
 * every field. Portable C99; all multi-byte integers are little-endian on the
 * wire and must be read with the helpers below, never by casting.
 */
#ifndef WCAP_BLOB_FORMAT_H
#define WCAP_BLOB_FORMAT_H

#include <stdint.h>

#include "wcap/targets.h" /* enum wcap_target_id: manifest.target */

#define WCAP_MAGIC 0x50414357u /* "WCAP" read as a little-endian u32 */
#define WCAP_FORMAT_VERSION 1u
#define WCAP_HEADER_SIZE 16u
#define WCAP_MANIFEST_MAX 512u  /* bound on manifest_len */
#define WCAP_SIG_BLOCK_SIZE 72u /* key_id[8] || r[32] || s[32] */
#define WCAP_KEY_ID_SIZE 8u
#define WCAP_SHA256_SIZE 32u
#define WCAP_PUBKEY_SIZE 65u /* uncompressed P-256 point: 0x04 || X || Y */
#define WCAP_IMPORT_SIZE 2u  /* u16 symbol ID per import */
#define WCAP_MAX_IMPORTS 256u
#define WCAP_SYM_IMAGE 0xFFFFu /* relocation against the image itself */
#define WCAP_NAME_MAX 31u      /* capsule name length, without NUL */
#define WCAP_MAX_IMAGE_ALIGN 64u

/* Header field offsets (16 bytes). */
#define WCAP_HDR_MAGIC 0
#define WCAP_HDR_VERSION 4
#define WCAP_HDR_SIZE 5
#define WCAP_HDR_MANIFEST_LEN 6
#define WCAP_HDR_PAYLOAD_LEN 8
#define WCAP_HDR_RESERVED 12

/* Relocation kinds (bits 0..3 of a relocation record's head byte, wcap/reloc_table.h). */
enum wcap_reloc_kind {
    WCAP_R_NONE = 0,
    WCAP_R_ABS32 = 1,           /* arm, riscv32, xtensa */
    WCAP_R_ABS64 = 2,           /* x86_64 */
    WCAP_R_X86_PC32 = 3,        /* x86_64, imports only */
    WCAP_R_THM_CALL = 4,        /* arm BL/B.W, imports only */
    WCAP_R_RV_CALL = 5,         /* riscv32 auipc+jalr, imports only */
    WCAP_R_RV_PCREL_HI20 = 6,   /* riscv32 auipc, imports only */
    WCAP_R_RV_PCREL_LO12_I = 7, /* riscv32, pairs with the last HI20 */
    WCAP_R_RV_PCREL_LO12_S = 8, /* riscv32, pairs with the last HI20 */
    WCAP_R_KIND_COUNT = 9
};

/* Capabilities (manifest.caps bit mask). Names are what `wcap build --cap` takes. */
#define WCAP_CAP_LOG (1u << 0)    /* "log"    */
#define WCAP_CAP_TIME (1u << 1)   /* "time": millis, sleep */
#define WCAP_CAP_RANDOM (1u << 2) /* "random" */
#define WCAP_CAP_LED (1u << 3)    /* "led"    */
#define WCAP_CAP_SENSOR (1u << 4) /* "sensor" */
#define WCAP_CAP_REPLY (1u << 5)  /* "reply"  */
#define WCAP_CAP_ALL 0x3Fu        /* the built-in host API's capabilities */
/* An integrator's API file (wcap/natives.h) names capabilities on bits 8..31
 * and symbol IDs in 2048..4095; the built-in API keeps bits 0..7 and IDs
 * 1..31 (symbols.def's runtime symbols start at 32). */
#define WCAP_CAP_USER_MASK 0xFFFFFF00u
#define WCAP_NATIVE_ID_BUILTIN_LAST 31u
#define WCAP_NATIVE_ID_USER_FIRST 2048u
#define WCAP_NATIVE_ID_USER_LAST 4095u

/* On-trap policies (manifest.on_trap, proto OnTrap; `wcap build --on-trap`). */
#define WCAP_ON_TRAP_RESTART 0u /* re-instantiate the capsule (the default) */
#define WCAP_ON_TRAP_STOP 1u    /* stop it until the next Start */

/* One relocation, decoded from the table (wcap/reloc_table.h) and checked, as the
 * architecture relocators take it. `sym` is WCAP_SYM_IMAGE or an import index. */
typedef struct {
    uint32_t offset;
    uint8_t kind;
    uint8_t reserved; /* always 0 */
    uint16_t sym;
} wcap_reloc_t;

static inline uint16_t wcap_rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t wcap_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline void wcap_wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void wcap_wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

#endif /* WCAP_BLOB_FORMAT_H */
