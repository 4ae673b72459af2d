/*
 * The WASI preview 1 subset (module "wasi_snapshot_preview1", IDs 9..19 of
 * format/include/wcap/api_wcap.def; docs/host-api.md, "WASI"): what
 * wasi-libc's printf, assert, abort and exit need, on top of the host API.
 *
 *   fd_write        fds 1 and 2 -> the capsule's log (capability log); the
 *                   bytes are split into log lines at '\n'
 *   fd_fdstat_get   fds 1 and 2: a character device that can only be written
 *                   (so wasi-libc's isatty() says yes: stdout is line buffered)
 *   fd_seek         fds 1 and 2: ESPIPE
 *   fd_close        fds 1 and 2: success, nothing closed (they stay usable)
 *   clock_time_get  realtime and monotonic: the port's millisecond clock, in
 *                   nanoseconds (capability time)
 *   random_get      the port's entropy (capability random)
 *   proc_exit       ends the call: 0 returns normally, else traps "exit(N)"
 *   args_*, environ_*  no arguments, no environment
 * Any other fd answers EBADF, any other clock EINVAL. Every pointer from the
 * capsule is hostile: each (ptr, len), the iovec array and every out-parameter
 * is checked against linear memory before anything is written or logged
 * (trap OOB), and the iovec count is bounded (EINVAL above WCAP_WASI_IOV_MAX).
 * Wasm memory is little-endian: values are read and written byte by byte.
 */
#include "wcap/host_api.h"

#include "wcap/blob_format.h"
#include "wcap/natives.h"
#include "wcap/port.h"
#include "wcap/rt.h"

/* WASI errno values (wasi_snapshot_preview1 "errno"). */
#define WASI_ESUCCESS 0u
#define WASI_EBADF 8u
#define WASI_EINVAL 28u
#define WASI_ESPIPE 70u

#define WASI_FILETYPE_CHARACTER_DEVICE 2u
#define WASI_RIGHT_FD_WRITE (1u << 6)

#define WASI_CLOCK_REALTIME 0u
#define WASI_CLOCK_MONOTONIC 1u

/* Largest iovec count of one fd_write (wasi-libc's stdio uses 2). */
#ifndef WCAP_WASI_IOV_MAX
#define WCAP_WASI_IOV_MAX 16u
#endif

static wcap_rt_capsule_t *enter(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t cap)
{
    return wcap_native_enter(ctx, cap);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void wr64(uint8_t *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static int is_stdio(uint32_t fd)
{
    return fd == 1u || fd == 2u;
}

/* Sends [p, p+len) to the log as lines: each '\n' ends one (and is not
 * sent); bytes after the last '\n' continue the current line. */
static void log_lines(wcap_rt_capsule_t *c, const uint8_t *p, uint32_t len)
{
    uint32_t start = 0u, i;
    if (c->out == NULL) {
        return;
    }
    for (i = 0; i < len; i++) {
        if (p[i] == '\n') {
            c->out(c->out_user, WCAP_OUT_LOG, p + start, i - start);
            start = i + 1u;
        }
    }
    if (start < len) {
        c->out(c->out_user, WCAP_OUT_LOG_PART, p + start, len - start);
    }
}

uint32_t Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd, uint32_t iovs,
                                            uint32_t iovs_len, uint32_t nwritten)
{
    wcap_rt_capsule_t *c = enter(ctx, WCAP_CAP_LOG);
    const uint8_t *v;
    uint8_t *out;
    uint32_t i, total = 0u;
    if (!is_stdio(fd)) {
        return WASI_EBADF;
    }
    if (iovs_len > WCAP_WASI_IOV_MAX) {
        return WASI_EINVAL;
    }
    /* Everything checked first: a bad pointer traps before any output. */
    v = wcap_rt_mem_ptr(c, iovs, iovs_len * 8u); /* <= 128 bytes: no overflow */
    out = wcap_rt_mem_ptr(c, nwritten, 4u);
    for (i = 0; i < iovs_len; i++) {
        uint32_t len = rd32(v + 8u * i + 4u);
        (void)wcap_rt_mem_ptr(c, rd32(v + 8u * i), len);
        if (len > UINT32_MAX - total) {
            return WASI_EINVAL; /* the sum does not fit the size_t of wasm32 */
        }
        total += len;
    }
    for (i = 0; i < iovs_len; i++) {
        uint32_t len = rd32(v + 8u * i + 4u);
        log_lines(c, wcap_rt_mem_ptr(c, rd32(v + 8u * i), len), len);
    }
    wr32(out, total);
    return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd,
                                                 uint32_t stat)
{
    wcap_rt_capsule_t *c = enter(ctx, WCAP_CAP_LOG);
    uint8_t *p = wcap_rt_mem_ptr(c, stat, 24u); /* fdstat: 24 bytes */
    uint32_t i;
    if (!is_stdio(fd)) {
        return WASI_EBADF;
    }
    for (i = 0; i < 24u; i++) {
        p[i] = 0u;
    }
    p[0] = WASI_FILETYPE_CHARACTER_DEVICE; /* fs_filetype; fs_flags (2..3) 0 */
    wr64(p + 8, WASI_RIGHT_FD_WRITE);      /* fs_rights_base; fs_rights_inheriting (16..23) 0 */
    return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd,
                                           uint64_t offset, uint32_t whence, uint32_t newoffset)
{
    wcap_rt_capsule_t *c = enter(ctx, WCAP_CAP_LOG);
    (void)offset;
    (void)whence;
    (void)wcap_rt_mem_ptr(c, newoffset, 8u);
    return is_stdio(fd) ? WASI_ESPIPE : WASI_EBADF;
}

uint32_t Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd)
{
    (void)enter(ctx, WCAP_CAP_LOG);
    return is_stdio(fd) ? WASI_ESUCCESS : WASI_EBADF;
}

uint32_t Z_wasi_snapshot_preview1Z_clock_time_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t id,
                                                  uint64_t precision, uint32_t time)
{
    wcap_rt_capsule_t *c = enter(ctx, WCAP_CAP_TIME);
    uint8_t *p = wcap_rt_mem_ptr(c, time, 8u);
    (void)precision;
    if (id != WASI_CLOCK_REALTIME && id != WASI_CLOCK_MONOTONIC) {
        return WASI_EINVAL;
    }
    wr64(p, wcap_port_millis() * 1000000u); /* ms since boot: 584 years of ns */
    return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_random_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t buf,
                                              uint32_t len)
{
    wcap_rt_capsule_t *c = enter(ctx, WCAP_CAP_RANDOM);
    wcap_port_random(wcap_rt_mem_ptr(c, buf, len), len);
    return WASI_ESUCCESS;
}

void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t code)
{
    wcap_rt_exit(enter(ctx, 0u), (int32_t)code);
}

/* No arguments and no environment: counts and sizes 0, nothing to copy. */
static uint32_t two_zeros(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t count, uint32_t size)
{
    wcap_rt_capsule_t *c = enter(ctx, 0u);
    uint8_t *pc = wcap_rt_mem_ptr(c, count, 4u);
    uint8_t *ps = wcap_rt_mem_ptr(c, size, 4u);
    wr32(pc, 0u);
    wr32(ps, 0u);
    return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t argc,
                                                  uint32_t argv_buf_size)
{
    return two_zeros(ctx, argc, argv_buf_size);
}

uint32_t Z_wasi_snapshot_preview1Z_environ_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t environc,
                                                     uint32_t environ_buf_size)
{
    return two_zeros(ctx, environc, environ_buf_size);
}

uint32_t Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t argv,
                                            uint32_t argv_buf)
{
    (void)enter(ctx, 0u);
    (void)argv; /* zero pointers and zero bytes to write: nothing is touched */
    (void)argv_buf;
    return WASI_ESUCCESS;
}

uint32_t Z_wasi_snapshot_preview1Z_environ_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t environ,
                                               uint32_t environ_buf)
{
    (void)enter(ctx, 0u);
    (void)environ;
    (void)environ_buf;
    return WASI_ESUCCESS;
}
