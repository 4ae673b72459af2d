/*
 * Progress of a long transfer on stderr, the same whatever carries it (the
 * serial upload, host/client/upload.c; CoAP's block-wise upload,
 * host/client/coap_client.c): on a terminal one bar redrawn in place,
 * otherwise a line every 10%. Host C11.
 */
#ifndef WCAPC_PROGRESS_H
#define WCAPC_PROGRESS_H

#include <stddef.h>

typedef struct {
    int tty;      /* stderr is a terminal */
    int last;     /* last percentage shown, -1 none */
    size_t total; /* bytes to transfer */
} wcapc_progress_t;

void wcapc_progress_init(wcapc_progress_t *p, size_t total);
/* `done` bytes of p->total are through; prints only when the display changes. */
void wcapc_progress_show(wcapc_progress_t *p, size_t done);

#endif /* WCAPC_PROGRESS_H */
