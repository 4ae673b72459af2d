/*
 * The Ethernet controller under lwIP (targets/common/net/net.c): what a board
 * provides to be on the network. Polled: net.c calls recv() from the main
 * loop about once a millisecond until it returns 0. A real board's driver
 * (its MAC with DMA descriptors, or a radio with an Ethernet-like frame
 * interface) implements these three functions; docs/porting.md.
 * Portable C99, no malloc.
 */
#ifndef WCAP_ETH_DRIVER_H
#define WCAP_ETH_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#define WCAP_ETH_FRAME_MAX 1518u /* destination .. payload, without the CRC */

/* Resets the controller, programs the station address `mac`, enables
 * transmit and receive (unicast to `mac` and broadcast only). WCAP_OK or
 * WCAP_E_NET_ETH. */
int wcap_eth_init(const uint8_t mac[6]);

/* Copies the next received frame (without CRC) to buf. Returns its length,
 * 0 when none is waiting; a frame larger than cap, or received with an
 * error, is dropped and the next one looked at. */
size_t wcap_eth_recv(uint8_t *buf, size_t cap);

/* Queues one frame (14..WCAP_ETH_FRAME_MAX bytes) for transmission. WCAP_OK,
 * or WCAP_E_NET_ETH when the controller has no room (the frame is dropped). */
int wcap_eth_send(const uint8_t *frame, size_t len);

#endif /* WCAP_ETH_DRIVER_H */
