/* Load benchmark, protocol part (bench_proto.c). */
#ifndef WCAP_BENCH_PROTO_H
#define WCAP_BENCH_PROTO_H

#include <stdint.h>

#include "wcap/loader.h"

/*
 * Installs `blob` (total bytes) through a fresh device service fed from
 * pre-encoded host frames in RAM; *ticks is the time the service took.
 * Returns WCAP_OK when the capsule ended up installed, WCAP_E_DEV_SIZE when
 * the frames do not fit the 32 KB buffer, WCAP_E_DEV_NOT_FOUND otherwise.
 */
int wcap_fw_bench_proto(const wcap_ldr_config_t *cfg, const uint8_t *blob, uint32_t total, uint32_t *ticks);

/* The same install as PUT /capsules/<name> Block1 datagrams through the
 * boards' CoAP server (firmware with WCAP_FW_NET). */
int wcap_fw_bench_coap(const wcap_ldr_config_t *cfg, const uint8_t *blob, uint32_t total, uint32_t *ticks);
/* Removes what wcap_fw_bench_coap installed (its capsule RAM goes back). */
void wcap_fw_bench_release(void);

#endif /* WCAP_BENCH_PROTO_H */
