/*
 * Single-producer (UART receive interrupt), single-consumer (main loop) byte
 * ring for the board UARTs. Lock-free: the producer only writes `head`, the
 * consumer only writes `tail`. When the ring is full the interrupt drops the
 * byte and counts it (the frame layer's CRC then rejects that frame and the
 * host retries); with request/response traffic the host never has more than
 * one 256-byte frame in flight, so a 1 KB ring does not fill.
 */
#ifndef WCAP_RX_RING_H
#define WCAP_RX_RING_H

#include <stdint.h>

#define WCAP_RX_RING_SIZE 1024u /* power of two */

typedef struct {
    volatile uint8_t buf[WCAP_RX_RING_SIZE];
    volatile uint32_t head;    /* next write (producer) */
    volatile uint32_t tail;    /* next read (consumer) */
    volatile uint32_t dropped; /* bytes lost to a full ring */
} wcap_rx_ring_t;

/* Interrupt side: stores one byte. */
static inline void wcap_rx_ring_put(wcap_rx_ring_t *r, uint8_t b)
{
    uint32_t h = r->head;
    if (h - r->tail >= WCAP_RX_RING_SIZE) {
        r->dropped++;
        return;
    }
    r->buf[h % WCAP_RX_RING_SIZE] = b;
    __asm__ volatile("" ::: "memory"); /* byte before index */
    r->head = h + 1u;
}

/* Main-loop side: one byte, or -1 when empty. */
static inline int wcap_rx_ring_get(wcap_rx_ring_t *r)
{
    uint32_t t = r->tail;
    if (t == r->head)
        return -1;
    int b = r->buf[t % WCAP_RX_RING_SIZE];
    __asm__ volatile("" ::: "memory");
    r->tail = t + 1u;
    return b;
}

static inline int wcap_rx_ring_empty(const wcap_rx_ring_t *r)
{
    return r->tail == r->head;
}

#endif /* WCAP_RX_RING_H */
