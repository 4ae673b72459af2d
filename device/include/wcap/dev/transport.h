/*
 * The byte stream between the device and the host: a UART on the boards, a
 * TCP connection or a pty/serial device in wcapd. Portable C99.
 */
#ifndef WCAP_DEV_TRANSPORT_H
#define WCAP_DEV_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    /* Waits up to `timeout_ms` for bytes and reads at most `cap` of them.
     * Returns the count read, 0 on timeout, or -1 when the link is gone (the
     * caller then reconnects or stops). */
    int (*read)(void *user, uint8_t *buf, size_t cap, uint32_t timeout_ms);
    /* Writes all `len` bytes; returns 0, or -1 when the link is gone. */
    int (*write)(void *user, const uint8_t *data, size_t len);
    void *user;
} wcap_dev_transport_t;

#endif /* WCAP_DEV_TRANSPORT_H */
