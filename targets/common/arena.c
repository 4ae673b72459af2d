/*
 * Capsule RAM: one static, executable buffer in its own output section
 * (.capsule_ram, see sections.ld). Size per board: WCAP_FW_ARENA_SIZE.
 */
#include <stdint.h>

#include "fw.h"

__attribute__((section(".capsule_ram"), aligned(64))) uint8_t wcap_fw_arena[WCAP_FW_ARENA_SIZE];
