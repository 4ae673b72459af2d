/*
 * wcapd internals: the pieces of the simulated device that are specific to a
 * Linux process (store directory, links, trusted-key files). Host C11.
 */
#ifndef WCAPD_H
#define WCAPD_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/store.h"
#include "wcap/dev/transport.h"
#include "wcap/loader.h"

/* ---- store_dir.c: records as files of one directory ---- */
typedef struct {
    char dir[512];
    int wfd;          /* open temporary file, -1 when none */
    char wtmp[600];   /* its path */
    char wfinal[600]; /* where commit renames it to */
} wcapd_store_t;

/* Creates `dir` if needed. Returns 0, or -1 with a message on stderr. */
int wcapd_store_open(wcapd_store_t *s, const char *dir, wcap_dev_store_t *iface);

/* ---- link.c: the byte stream to the host ---- */
typedef struct {
    int listen_fd;        /* tcp: listening socket, else -1 */
    int fd;               /* current connection / device, -1 when none */
    int keep_fd;          /* pty: our open slave end, keeps the master alive */
    char desc[128];       /* "tcp:127.0.0.1:PORT" or the device path */
    uint32_t noise_every; /* test only: damage every Nth received byte (0: off) */
    uint32_t noise_count;
} wcapd_link_t;

/* spec: "tcp:HOST:PORT" (PORT 0 picks a free port), "pty" (creates a pseudo
 * terminal), or a serial device path (raw mode, 115200). Returns 0 or -1 with
 * a message on stderr. */
int wcapd_link_open(wcapd_link_t *l, const char *spec, wcap_dev_transport_t *iface);
/* Waits for a host (tcp: accept). Returns 0, or -1 on a fatal error. */
int wcapd_link_wait(wcapd_link_t *l);
/* Ends the current connection (tcp) or reopens the device (serial). */
void wcapd_link_drop(wcapd_link_t *l);

/* ---- keys.c: trusted keys from PEM public-key files ---- */
/* Reads a P-256 public key (PEM or DER) into k, with its key ID. Returns 0 or
 * -1 with a message on stderr. */
int wcapd_key_load(const char *path, wcap_trusted_key_t *k);

#endif /* WCAPD_H */
