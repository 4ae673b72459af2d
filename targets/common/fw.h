/*
 * The firmware's top level (targets/common/): main() brings up the board,
 * starts the device service (service_device.c), prints the boot banner and
 * serves forever.
 */
#ifndef WCAP_FW_H
#define WCAP_FW_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/auth.h"
#include "wcap/heap.h"
#include "wcap/loader.h"

/* Firmware version shown in the banner and in DeviceInfo.firmware. */
#define WCAP_FW_VERSION "0.1"

/* Trusted keys, generated at build time by wcap-keys2c (build/targets/keys/). */
extern const wcap_trusted_key_t wcap_board_trusted_keys[];
extern const size_t wcap_board_n_trusted_keys;

/* Who may manage the board (identity, role, pre-shared key), generated at
 * build time by wcap-clients2c from a clients file (build/targets/keys/). */
extern const wcap_auth_client_t wcap_board_clients[];
extern const size_t wcap_board_n_clients;

/* Capsule RAM, executable; in section .capsule_ram (sections.ld). */
extern uint8_t wcap_fw_arena[WCAP_FW_ARENA_SIZE];

/* Crypto pool, runtime and capsule RAM set up, and `cfg` filled with the
 * board's loader policy (fw_config.c). `ram` must outlive `cfg`. */
void wcap_fw_core_init(wcap_ldr_config_t *cfg, wcap_heap_t *ram);

/* The device service on the UART (service_device.c). */
void wcap_fw_service_init(void);
uint32_t wcap_fw_service_ram_free(void); /* largest free capsule RAM block */
void wcap_fw_service_run(void) __attribute__((noreturn));

/* Formats the one-line device description (no newline) into buf; returns its length. */
size_t wcap_fw_banner(char *buf, size_t cap);

#endif /* WCAP_FW_H */
