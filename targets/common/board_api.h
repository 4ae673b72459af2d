/*
 * The example integrator API (board_api.def): a tiny key-value store in RAM
 * and a counter, registered as natives (wcap/natives.h) by the boards'
 * firmware and by wcapd. Portable C99, no allocation.
 */
#ifndef WCAP_BOARD_API_H
#define WCAP_BOARD_API_H

#include <stdint.h>

#define WCAP_BOARD_KV_ENTRIES 8u
#define WCAP_BOARD_KV_KEY_MAX 16u
#define WCAP_BOARD_KV_VAL_MAX 32u

/* Registers the functions of board_api.def (wcap_natives_register); call once
 * at boot, before capsules are loaded. WCAP_OK or WCAP_E_RT_NATIVES. */
int wcap_board_api_register(void);

#endif /* WCAP_BOARD_API_H */
