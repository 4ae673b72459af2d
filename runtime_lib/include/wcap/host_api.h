/*
 * The host API a capsule imports from module "wcap" (docs/host-api.md), in
 * wasm2c 1.0.32 naming. `ctx` is the capsule's wcap_rt_capsule_t, handed to
 * Z_capsule_instantiate as the import instance. Every function checks its
 * capability and traps WASM_RT_TRAP_HOST when it is not granted, and checks
 * every (ptr, len) against the capsule's linear memory (trap OOB).
 */
#ifndef WCAP_HOST_API_H
#define WCAP_HOST_API_H

#include <stdint.h>

struct Z_wcap_instance_t; /* really a wcap_rt_capsule_t */

void Z_wcapZ_log(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len);
uint64_t Z_wcapZ_millis(struct Z_wcap_instance_t *ctx);
void Z_wcapZ_sleep_ms(struct Z_wcap_instance_t *ctx, uint32_t ms);
void Z_wcapZ_random(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len);
void Z_wcapZ_led_set(struct Z_wcap_instance_t *ctx, uint32_t index, uint32_t on);
void Z_wcapZ_led_toggle(struct Z_wcap_instance_t *ctx, uint32_t index);
uint32_t Z_wcapZ_sensor_read(struct Z_wcap_instance_t *ctx, uint32_t channel);
void Z_wcapZ_reply(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len);

/* The WASI preview 1 subset (runtime_lib/src/wasi.c); ctx is the capsule's
 * wcap_rt_capsule_t too. Results are WASI errno values. */
struct Z_wasi_snapshot_preview1_instance_t; /* really a wcap_rt_capsule_t */

uint32_t Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd, uint32_t iovs,
                                            uint32_t iovs_len, uint32_t nwritten);
uint32_t Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd,
                                                 uint32_t stat);
uint32_t Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd,
                                           uint64_t offset, uint32_t whence, uint32_t newoffset);
uint32_t Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t fd);
uint32_t Z_wasi_snapshot_preview1Z_clock_time_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t id,
                                                  uint64_t precision, uint32_t time);
uint32_t Z_wasi_snapshot_preview1Z_random_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t buf,
                                              uint32_t len);
void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t code);
uint32_t Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t argc,
                                                  uint32_t argv_buf_size);
uint32_t Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t argv,
                                            uint32_t argv_buf);
uint32_t Z_wasi_snapshot_preview1Z_environ_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t environc,
                                                     uint32_t environ_buf_size);
uint32_t Z_wasi_snapshot_preview1Z_environ_get(struct Z_wasi_snapshot_preview1_instance_t *ctx, uint32_t environ,
                                               uint32_t environ_buf);

#endif /* WCAP_HOST_API_H */
