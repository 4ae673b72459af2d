/*
 * Host side of the device protocol (docs/device-protocol.md): the port (TCP or
 * serial), a request/response session with retries and device events, blob
 * metadata, typed values. Used by the push/run/call/ls/rm/info commands.
 * Host C11.
 */
#ifndef WCAPC_CLIENT_H
#define WCAPC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "device.pb.h"
#include "wcap/dev/auth.h"
#include "wcap/dev/frame.h"

/* ---- cred.c: who the CLI is to a device ---- */
typedef struct {
    char identity[WCAP_AUTH_ID_MAX + 1]; /* "" when none: requests go anonymous */
    uint8_t key[WCAP_AUTH_KEY_MAX];
    size_t key_len;
} wcapc_cred_t;

/* Fills *c from --identity/--psk-file, else WCAP_IDENTITY/WCAP_PSK_FILE
 * (either NULL: not given). Both or neither must be given. The PSK file holds
 * the key as `coap-client -k` takes it (32..64 characters, one line).
 * Returns WCAPC_EXIT_OK or WCAPC_EXIT_USAGE (message printed). */
int wcapc_cred_load(wcapc_cred_t *c, const char *identity, const char *psk_file);

/* ---- port.c ---- */
typedef struct {
    int fd;
    char spec[256];
} wcapc_port_t;

/* Opens "tcp:HOST:PORT" (connect timeout `timeout_ms`) or a serial device
 * (raw, 115200). Returns 0, or a WCAPC_EXIT_CONNECT code after printing why. */
int wcapc_port_open(wcapc_port_t *p, const char *spec, int timeout_ms);
void wcapc_port_close(wcapc_port_t *p);
/* Like the device transport: count read, 0 on timeout, -1 when gone. */
int wcapc_port_read(wcapc_port_t *p, uint8_t *buf, size_t cap, int timeout_ms);
int wcapc_port_write(wcapc_port_t *p, const uint8_t *data, size_t len);

/* ---- session.c ---- */
typedef struct {
    wcapc_port_t port;
    wcap_frame_rx_t rx;
    uint32_t seq;
    int timeout_ms; /* per attempt */
    int retries;    /* resends after a timeout */
    int mid_line;   /* a log line or reply is half printed */
    int last_kind;  /* EventKind of the last output event */
    uint32_t events;
    uint32_t dropped;         /* damaged frames the device reported */
    int quiet_lost;           /* do not print a lost connection (the caller reconnects) */
    const wcapc_cred_t *cred; /* NULL or no identity: anonymous */
    int authed;               /* AuthBegin answered: requests carry the MAC trailer */
    uint8_t nonce[WCAP_AUTH_NONCE_SIZE];
    uint32_t counter; /* Auth.counter of the last request sent */
    int json;         /* --json: log and reply bytes are kept in `out`, not printed */
    int label;        /* print each output line as "[CAPSULE] line" (wcap monitor) */
    const char *want; /* the capsule the command is about: another's output (its tick) is not
                                    printed; NULL: none is (wcap monitor shows them all) */
    char *out;        /* malloc'd, out_len bytes (freed by wcapc_sess_close) */
    size_t out_len, out_cap;
} wcapc_sess_t;

struct wcapc_dev_opts;
/* Connects to o->port and, with a credential in o->cred, authenticates
 * (AuthBegin; every later request carries the MAC). Returns WCAPC_EXIT_OK or
 * an exit code (message printed). */
int wcapc_sess_open(wcapc_sess_t *s, const struct wcapc_dev_opts *o);
void wcapc_sess_close(wcapc_sess_t *s);
/* Sends `rq` (its seq is assigned) and waits for the response with the same
 * seq, printing device events meanwhile (log lines and reply bytes on stdout,
 * notices on stderr). Resends on timeout (`retries` times; the device answers
 * a repeated seq from its cache). `wait_ms` (0: the session's) bounds each
 * attempt; events extend it. Returns WCAPC_EXIT_OK (check out->code),
 * WCAPC_EXIT_TIMEOUT, WCAPC_EXIT_CONNECT or WCAPC_EXIT_PROTOCOL. */
int wcapc_sess_call(wcapc_sess_t *s, wcap_Request *rq, wcap_Response *out, int wait_ms);
/* Prints what the device sends on its own (capsule output of its ticks,
 * notices) for `ms` milliseconds. Returns WCAPC_EXIT_OK, or
 * WCAPC_EXIT_CONNECT when the connection is gone (message printed). */
int wcapc_sess_listen(wcapc_sess_t *s, int ms);
/* Prints "wcap: error: device: MESSAGE (code -0xNNN)" and returns the exit code for it. */
int wcapc_device_error(const wcap_Response *r);

/* ---- blob_meta.c ---- */
typedef struct {
    char name[64];
    char sig[40];
} wcapc_export_meta_t;
typedef struct {
    uint8_t *data; /* whole blob (malloc'd) */
    size_t len;
    char name[32];
    uint32_t version, target;
    uint32_t abi_version, engine; /* manifest: WCAP_ABI_VERSION, 0 AOT / 1 interpreter */
    uint32_t ram_min;             /* a lower bound of the capsule RAM it needs on any device (fit check) */
    uint32_t mem_max;             /* its linear memory, bytes */
    uint8_t key_id[8];            /* the signer's key ID (signature block) */
    uint32_t n_exports;
    wcapc_export_meta_t *exports; /* malloc'd: the manifest's, then the image's others */
} wcapc_blob_meta_t;

/* Reads and parses a blob's header and manifest, and the export table in its
 * image for the exports the manifest does not list. Returns WCAPC_EXIT_OK or
 * WCAPC_EXIT_INPUT (message printed). Free with wcapc_blob_meta_free. */
int wcapc_blob_meta_read(const char *path, wcapc_blob_meta_t *m);
void wcapc_blob_meta_free(wcapc_blob_meta_t *m);
const wcapc_export_meta_t *wcapc_blob_meta_export(const wcapc_blob_meta_t *m, const char *name);

/* ---- blob_exports.c ---- */
/* Adds to m the exports of the image's descriptor (m->target's layout) that m
 * does not list yet; malformed entries are skipped. `payload` is the blob's
 * payload (image, imports, relocation table). 0, or -1 out of memory. */
int wcapc_blob_image_exports(wcapc_blob_meta_t *m, const uint8_t *payload, uint32_t payload_len, uint32_t image_size,
                             uint32_t n_imports, uint32_t reloc_bytes, uint32_t entry);

/* ---- values.c ---- */
/* Parses argv[0..n) by the parameter part of `sig` into typed values.
 * Returns WCAPC_EXIT_OK or WCAPC_EXIT_USAGE (message printed). */
int wcapc_values_parse(const char *sig, char **argv, int n, wcap_Value *out, pb_size_t *count);
/* One value as text (the same format); returns what snprintf returns. */
int wcapc_value_format(const wcap_Value *v, char *buf, size_t cap);

/* ---- common options of the device commands (session.c) ---- */
typedef struct wcapc_dev_opts {
    const char *port;
    const char *coap;  /* --coap coap[s]://HOST[:PORT]: use CoAP instead of the port (link_coap.c) */
    wcapc_cred_t cred; /* --identity ID --psk-file F (or WCAP_IDENTITY, WCAP_PSK_FILE) */
    const char *export_name;
    int timeout_ms;
    long corrupt_at;   /* test only: flip a bit of this blob byte in transit, -1 off */
    long drop_at;      /* test only: drop the connection once after sending this byte, -1 off */
    long corrupt_from; /* test only: --corrupt-each FROM:TO, one push per byte (corrupt_each.c), -1 off */
    long corrupt_to;
    char **pos; /* positional arguments */
    int n_pos;
    int stack_peak;   /* --stack-peak: print the call's CallResult.stack_peak on stderr */
    int json;         /* --json: one JSON value on stdout (json_out.c) */
    int no_fit_check; /* --no-fit-check: upload without comparing the blob with the device's info */
    int bump;         /* --bump (push): re-sign with the version after the device's (install.c) */
    const char *key;  /* --key K: the private key --bump signs with */
} wcapc_dev_opts_t;

/* What device command `cmd` does, a paragraph for its --help (help.c; "" when unknown). */
const char *wcapc_device_help(const char *cmd);

/* Parses --port P, --identity ID, --psk-file F, --timeout MS, --stack-peak, --export NAME (if allowed), the
 * test-only --corrupt-at N, --corrupt-each FROM:TO and --drop-at N (if allowed) and positionals; WCAP_PORT is
 * the default port. Returns
 * WCAPC_EXIT_OK, or WCAPC_EXIT_USAGE after printing `usage`. */
int wcapc_dev_opts(int argc, char **argv, const char *usage, int allow_export, int allow_corrupt, wcapc_dev_opts_t *o);

/* ---- upload.c ---- */
/* Streams a blob with UploadBegin/Chunk/End (resuming after a reconnect).
 * `begin` has mode/name/export/args filled; on success *end holds the
 * UploadEnd response (whose code the caller checks). */
int wcapc_upload(wcapc_sess_t *s, const wcapc_dev_opts_t *o, const wcapc_blob_meta_t *m, wcap_UploadBegin *begin,
                 wcap_Response *end);

/* ---- json_out.c ---- */
/* A target id's name ("cortex-m4"; "unknown" when this wcap has none for it). */
const char *wcapc_target_id_name(uint32_t id);

#endif /* WCAPC_CLIENT_H */
