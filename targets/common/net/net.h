/*
 * The boards' network (WCAP_FW_NET): lwIP with a static IPv4 address on the
 * board's Ethernet controller (eth_driver.h), and the CoAP server of
 * device/coap_srv.c on UDP port 5683, driven by the main loop. The board
 * sends ARP (its gratuitous announcement at start and answers) and answers to
 * requests, nothing else: no DHCP, DNS or NTP.
 */
#ifndef WCAP_FW_NET_H
#define WCAP_FW_NET_H

#include <stdint.h>

#include "wcap/dev/auth.h"
#include "wcap/dev/service.h"

/* QEMU user networking's guest address, its gateway (the host) and mask. */
#define WCAP_FW_NET_ADDR "10.0.2.15"
#define WCAP_FW_NET_GATEWAY "10.0.2.2"
#define WCAP_FW_NET_MASK "255.255.255.0"
#define WCAP_FW_NET_MAC                    \
    {                                      \
        0x02, 0x57, 0x43, 0x41, 0x50, 0x01 \
    } /* locally administered */

/* Largest body a CoAP upload may announce (the capsule arena). */
#define WCAP_FW_COAP_MAX_BODY (WCAP_FW_ARENA_SIZE)
/* A partial Block1 upload silent this long is dropped. */
#define WCAP_FW_COAP_TIMEOUT_MS 20000u

/* The log ring of GET /log (wcap/dev/log_ring.h): the lines the capsules
 * logged lately outside requests; a few lines of RAM, the oldest overwritten. */
#ifndef WCAP_FW_LOG_RING
#define WCAP_FW_LOG_RING 512u
#endif

/* CoAP over DTLS (WCAP_FW_DTLS): port, sessions at once, idle time after
 * which a session is dropped. */
#define WCAP_COAPS_PORT 5684u
#define WCAP_FW_DTLS_SESSIONS 2u
#define WCAP_FW_DTLS_IDLE_MS 60000u

/* Brings up the controller, lwIP and the CoAP server over `dev`; plain-CoAP
 * callers get `anon_role`, DTLS clients (PSK identity = a client of
 * `clients`) their role. `log` (may be NULL) gets the refused DTLS sessions,
 * with the identity, never the key. WCAP_OK or a negative error (no
 * controller: the board runs without network). */
int wcap_fw_net_init(wcap_dev_t *dev, uint8_t anon_role, const wcap_auth_client_t *clients, size_t n_clients,
                     void (*log)(const char *line));

/* Takes the received frames, runs lwIP's timers and the CoAP upload timeout.
 * Call about once a millisecond. */
void wcap_fw_net_poll(void);

#endif /* WCAP_FW_NET_H */
