/*
 * Load benchmark firmware (loadbench.elf): loads one signed blob that QEMU
 * placed in RAM (-device loader, see targets/tools/measure_load.sh) through
 * the real loader, exactly as the device service does for an upload, and
 * reports what each phase cost in board ticks and in instructions.
 *
 * Phases (64-byte feeds, like frames arriving over the link):
 *   header     header + manifest + signature block minus its last byte
 *   verify     the last byte of the signature block: the loader then checks
 *              the ECDSA P-256 signature and decodes + checks the manifest
 *   payload    image copy + SHA-256 + import linking + relocations
 *   finish     digest compare, icache sync, init + instantiate
 * Run under `-icount shift=0` every instruction takes 1 ns of virtual time,
 * and the tick counter (SysTick / mtime) follows virtual time, so
 * instructions = ticks * 1e9 / tick_hz (resolution: one tick).
 * Then it checks that a CPU fault inside a guarded call is contained
 * (fault_contained=1), installs the same blob once more through the device
 * service from pre-encoded host frames (proto_instr: the device side of
 * `wcap push`, bench_proto.c), measures the MAC of one authenticated request
 * (auth_mac_instr), and calls the capsule's `run`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bench_proto.h"
#include "board.h"
#include "console.h"
#include "crypto_heap.h"
#include "fw.h"
#include "wasm-rt.h"
#include "wcap/targets.h"

#ifndef WCAP_FW_BENCH_BLOB_ADDR
#error "WCAP_FW_BENCH_BLOB_ADDR: where the board's qemu loads the blob"
#endif
#define FEED 64u
#define BLOB_MAX (512u * 1024u) /* sanity bound on what QEMU placed in RAM */

extern uint8_t __stack_bottom[];

static wcap_ldr_t ld;
static wcap_capsule_t cap;
static wcap_heap_t ram;
static wcap_ldr_config_t cfg;

static void put_field(const char *name, uint32_t v)
{
    char num[10];
    wcap_board_panic_puts(name);
    size_t n = wcap_fmt_u32(num, v);
    wcap_board_uart_write((const uint8_t *)num, n);
}

static int feed_range(const uint8_t *blob, uint32_t from, uint32_t to)
{
    int rc = WCAP_OK;
    for (uint32_t off = from; off < to && rc == WCAP_OK; off += FEED)
        rc = wcap_ldr_feed(&ld, blob + off, (to - off < FEED) ? to - off : FEED);
    return rc;
}

/* Paints the unused part of the main stack (below the current frame). */
static void stack_paint(void)
{
    uintptr_t sp = wcap_read_sp() - 256u; /* margin for this frame */
    for (uint8_t *p = __stack_bottom; (uintptr_t)p < sp; p++)
        *p = 0xA5u;
}

static uint32_t stack_peak(void)
{
    extern uint8_t __stack_top[];
    const uint8_t *p = __stack_bottom;
    while (p < __stack_top && *p == 0xA5u)
        p++;
    return (uint32_t)(__stack_top - p);
}

/* A CPU fault inside a guarded call (udf on Arm, ebreak on RISC-V, ill on Xtensa) must end
 * as a contained trap, not a reset (cortex_m/fault.c, rv32imac/trap.c, xtensa-lx106/trap.c). */
static void native_fault(void *arg, wcap_val_t *vals)
{
    (void)arg;
    (void)vals;
    __builtin_trap();
}

static uint32_t fault_contained(wcap_rt_capsule_t *c)
{
    int rc = wcap_rt_guarded_call(c, native_fault, NULL, NULL);
    return rc == WCAP_E_RT_TRAP && c->last_trap == WASM_RT_TRAP_OOB;
}

/* One result line, as measure_load.sh expects it, for a blob it cannot load. */
static void bench_fail(const char *why) __attribute__((noreturn));
static void bench_fail(const char *why)
{
    wcap_board_panic_puts("wcap bench load: target=");
    wcap_board_panic_puts(wcap_target_name(wcap_board_info.target_id));
    wcap_board_panic_puts(" error=\"");
    wcap_board_panic_puts(why);
    wcap_board_panic_puts("\" end\n");
    for (;;)
        wcap_board_idle();
}

/* Ticks -> instructions under -icount shift=0 (1 ns per instruction). */
static uint32_t instr(uint32_t ticks)
{
    return (uint32_t)((uint64_t)ticks * 1000000000u / wcap_board_info.tick_hz);
}

/* Instructions per request MAC (docs/device-protocol.md, "Authentication"):
 * HMAC-SHA256 of an UploadChunk-sized request (218 bytes), averaged over
 * 1000 computations (the tick is 1 ms = 1 M instructions). */
#define MAC_RUNS 1000u
static uint32_t auth_mac_instr(void)
{
    static const uint8_t key[32] = {1, 2, 3};
    uint8_t msg[218], nonce[WCAP_AUTH_NONCE_SIZE] = {4}, mac[WCAP_AUTH_MAC_SIZE];
    memset(msg, 0x5A, sizeof msg);
    uint32_t t0 = wcap_board_ticks();
    for (uint32_t i = 0; i < MAC_RUNS; i++)
        if (wcap_auth_mac(key, sizeof key, nonce, i, msg, sizeof msg, mac) != 0)
            return 0;
    return (uint32_t)((uint64_t)(wcap_board_ticks() - t0) * 1000000000u / wcap_board_info.tick_hz / MAC_RUNS);
}

int main(void)
{
    const uint8_t *blob = (const uint8_t *)(uintptr_t)WCAP_FW_BENCH_BLOB_ADDR;
    uint32_t t[5], sig_end, total;
    int rc;

    wcap_board_init();
    wcap_fw_core_init(&cfg, &ram);
    if (wcap_rd32(blob) != WCAP_MAGIC)
        bench_fail("no blob at the load address");
    sig_end = WCAP_HEADER_SIZE + wcap_rd16(blob + WCAP_HDR_MANIFEST_LEN) + WCAP_SIG_BLOCK_SIZE;
    total = sig_end + wcap_rd32(blob + WCAP_HDR_PAYLOAD_LEN);
    if (wcap_rd32(blob + WCAP_HDR_PAYLOAD_LEN) > BLOB_MAX)
        bench_fail("blob larger than 512 KB");

    stack_paint();
    wcap_ldr_init(&ld, &cfg);
    t[0] = wcap_board_ticks();
    rc = wcap_ldr_begin(&ld, &cap);
    if (rc == WCAP_OK)
        rc = feed_range(blob, 0, sig_end - 1u);
    t[1] = wcap_board_ticks();
    if (rc == WCAP_OK)
        rc = feed_range(blob, sig_end - 1u, sig_end);
    t[2] = wcap_board_ticks();
    if (rc == WCAP_OK)
        rc = feed_range(blob, sig_end, total);
    t[3] = wcap_board_ticks();
    if (rc == WCAP_OK)
        rc = wcap_ldr_finish(&ld);
    t[4] = wcap_board_ticks();

    wcap_board_panic_puts("wcap bench load: target=");
    wcap_board_panic_puts(wcap_target_name(wcap_board_info.target_id));
    put_field(" rc=", (uint32_t)-rc);
    put_field(" blob_bytes=", total);
    put_field(" tick_hz=", wcap_board_info.tick_hz);
    put_field(" total_ticks=", t[4] - t[0]);
    put_field(" header_instr=", instr(t[1] - t[0]));
    put_field(" verify_instr=", instr(t[2] - t[1]));
    put_field(" payload_instr=", instr(t[3] - t[2]));
    put_field(" finish_instr=", instr(t[4] - t[3]));
    put_field(" total_instr=", instr(t[4] - t[0]));
    put_field(" stack_peak=", stack_peak());
    put_field(" crypto_pool_peak=", (uint32_t)wcap_fw_crypto_peak());
    if (rc == WCAP_OK) {
        wcap_val_t v[4] = {{0}};
        rc = wcap_rt_call_export(&cap.rt, "run", v, 4, NULL);
        put_field(" fault_contained=", fault_contained(&cap.rt));
        /* The capsule RAM of this load goes back, so the installs below
         * (each kept in its own service) have room for a 64 KB blob. */
        wcap_capsule_unload(&cap, &cfg);
#if WCAP_FW_NET
        uint32_t ct = 0;
        int crc_ = wcap_fw_bench_coap(&cfg, blob, total, &ct);
        put_field(" coap_rc=", (uint32_t)-crc_);
        put_field(" coap_instr=", instr(ct));
        wcap_fw_bench_release();
#endif
        uint32_t pt = 0;
        int prc = wcap_fw_bench_proto(&cfg, blob, total, &pt);
        put_field(" proto_rc=", (uint32_t)-prc);
        put_field(" proto_instr=", instr(pt));
        put_field(" auth_mac_instr=", auth_mac_instr());
        put_field(" run_rc=", (uint32_t)-rc);
        put_field(" run_result=", v[0].i32);
    }
    wcap_board_panic_puts(" end\n");
    for (;;)
        wcap_board_idle();
}
