/*
 * wcap.h: the one header a capsule author includes.
 *
 * A capsule is a WebAssembly module built from C with clang-14 (see
 * docs/capsule-sdk.md). It may import only the host API below (module "wcap");
 * the build (sdk/capsule.cmake) refuses any other import. Every import needs a
 * capability, declared with CAPS in wcap_add_capsule() and granted by the device.
 *
 *   #include "wcap.h"
 *   WCAP_EXPORT(run) int run(void) { wcap_log_str("hello"); return 42; }
 *
 * Pointers are addresses in the capsule's own linear memory; the runtime
 * bounds-checks every (ptr, len) pair and traps the capsule when it is outside.
 * The helpers below are header-only and need no libc.
 */
#ifndef WCAP_SDK_H
#define WCAP_SDK_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__wasm__)
#error "wcap.h is for capsules: compile with clang-14 --target=wasm32-wasi"
#endif

/* Makes a function a Wasm export named `name` (use in front of the definition). */
#define WCAP_EXPORT(name) __attribute__((export_name(#name), visibility("default")))

#define WCAP_IMPORT_(name) __attribute__((import_module("wcap"), import_name(#name)))

/* Declares an import of the product's own API (its API description file,
 * docs/host-api.md; build with `wcap build --api FILE` or API in
 * wcap_add_capsule). Write the declaration with the file's signature, e.g. for
 *   WCAP_API_FN(2049, board, kv_get, "iiii", "i", kv, board_kv_get):
 *   WCAP_IMPORT(board, kv_get) int32_t board_kv_get(const void *key, uint32_t key_len,
 *                                                   void *buf, uint32_t buf_len);
 * Pointers become i32 addresses in the capsule's memory; the device checks them. */
#define WCAP_IMPORT(module, name) __attribute__((import_module(#module), import_name(#name)))

/* ---- host API (module "wcap"); the capability each needs is in brackets ---- */

/* [log] Writes one log line of `len` UTF-8 bytes (no newline needed). */
WCAP_IMPORT_(log) void wcap_log(const void *ptr, uint32_t len);
/* [time] Monotonic milliseconds since the device booted. */
WCAP_IMPORT_(millis) int64_t wcap_millis(void);
/* [time] Sleeps `ms` milliseconds; the sleep counts against the call's time budget. */
WCAP_IMPORT_(sleep_ms) void wcap_sleep_ms(uint32_t ms);
/* [random] Fills `len` bytes at `ptr` with the device's best entropy. */
WCAP_IMPORT_(random) void wcap_random(void *ptr, uint32_t len);
/* [led] Switches LED `index` on (on != 0) or off. */
WCAP_IMPORT_(led_set) void wcap_led_set(uint32_t index, uint32_t on);
/* [led] Toggles LED `index`. */
WCAP_IMPORT_(led_toggle) void wcap_led_toggle(uint32_t index);
/* [sensor] Reads sensor `channel`, in milli-units (simulated on QEMU and posix). */
WCAP_IMPORT_(sensor_read) int32_t wcap_sensor_read(uint32_t channel);
/* [reply] Appends `len` bytes to the reply sent to whoever started the call. */
WCAP_IMPORT_(reply) void wcap_reply(const void *ptr, uint32_t len);

/* ---- helpers (no imports of their own beyond the host API) ---- */

/* Length of a NUL-terminated string. */
static inline uint32_t wcap_strlen(const char *s)
{
    uint32_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

/* Logs a NUL-terminated string. [log] */
static inline void wcap_log_str(const char *s)
{
    wcap_log(s, wcap_strlen(s));
}

/* Appends a NUL-terminated string to the reply. [reply] */
static inline void wcap_reply_str(const char *s)
{
    wcap_reply(s, wcap_strlen(s));
}

/* Buffer size that holds any formatted 64-bit integer plus a NUL. */
#define WCAP_FMT_MAX 21

/*
 * Formats `v` in decimal into `buf` (at least WCAP_FMT_MAX bytes), NUL-terminated.
 * Returns the number of characters written, without the NUL.
 */
static inline uint32_t wcap_fmt_u64(char *buf, uint64_t v)
{
    char tmp[WCAP_FMT_MAX];
    uint32_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + (v % 10u));
        v /= 10u;
    } while (v != 0u);
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1u - i];
    buf[n] = '\0';
    return n;
}

/* Same for a signed value; INT64_MIN included. */
static inline uint32_t wcap_fmt_i64(char *buf, int64_t v)
{
    if (v < 0) {
        buf[0] = '-';
        return 1u + wcap_fmt_u64(buf + 1, (uint64_t)0 - (uint64_t)v);
    }
    return wcap_fmt_u64(buf, (uint64_t)v);
}

/* Formats `v` as 0x-prefixed lower-case hex, `digits` digits (1..16), NUL-terminated. */
static inline uint32_t wcap_fmt_hex(char *buf, uint64_t v, uint32_t digits)
{
    static const char hex[] = "0123456789abcdef";
    uint32_t i;
    if (digits < 1u)
        digits = 1u;
    if (digits > 16u)
        digits = 16u;
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < digits; i++)
        buf[2u + i] = hex[(v >> (4u * (digits - 1u - i))) & 0xFu];
    buf[2u + digits] = '\0';
    return 2u + digits;
}

/* Logs `prefix` followed by the decimal value of `v`, as one line. [log] */
static inline void wcap_log_int(const char *prefix, int64_t v)
{
    char line[64];
    uint32_t n = 0;
    while (prefix[n] != '\0' && n < sizeof line - WCAP_FMT_MAX) {
        line[n] = prefix[n];
        n++;
    }
    n += wcap_fmt_i64(line + n, v);
    wcap_log(line, n);
}

/* Appends the decimal value of `v` to the reply. [reply] */
static inline void wcap_reply_int(int64_t v)
{
    char buf[WCAP_FMT_MAX];
    wcap_reply(buf, wcap_fmt_i64(buf, v));
}

#endif /* WCAP_SDK_H */
