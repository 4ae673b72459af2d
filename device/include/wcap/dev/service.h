/*
 * The device service: reads frames from a transport, executes the requests of
 * docs/device-protocol.md against a table of capsule slots, the loader and the
 * runtime, and answers. Portable C99, single-threaded, no malloc: the caller
 * owns the context (about 3 KB plus WCAP_DEV_SLOTS capsules) and every buffer.
 *
 *   wcap_dev_init(&dev, &cfg);        once
 *   wcap_dev_boot(&dev);              reload the capsules in the store
 *   for (;;) {                        per connection
 *       wcap_dev_link_reset(&dev);
 *       while (wcap_dev_poll(&dev, 100) >= 0) ...
 *   }
 */
#ifndef WCAP_DEV_SERVICE_H
#define WCAP_DEV_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#include "device.pb.h"
#include "wcap/dev/auth.h"
#include "wcap/dev/frame.h"
#include "wcap/dev/log_ring.h"
#include "wcap/dev/store.h"
#include "wcap/dev/transport.h"
#include "wcap/loader.h"

#define WCAP_DEV_PROTOCOL_VERSION 1u /* DeviceInfo.protocol_version */

#ifndef WCAP_DEV_SLOTS
#define WCAP_DEV_SLOTS 8u /* slots; one is kept free for staging upgrades and runs */
#endif
#define WCAP_DEV_MAX_ARGS 8u    /* CallReq.args max_count */
#define WCAP_DEV_MAX_RESULTS 4u /* CallResult.results max_count */
#define WCAP_DEV_EVENT_MAX 128u /* Event.data max_size */
#define WCAP_DEV_LIST_PAGE 3u   /* CapsuleList.entries max_count */

/* wcap_dev_slot_t.flags */
#define WCAP_DEV_SLOT_STOP_ON_TRAP 0x01u /* manifest on_trap = stop (else restart) */
#define WCAP_DEV_SLOT_DIRTY 0x02u        /* the instance trapped and was not restarted yet */

typedef struct {
    wcap_capsule_t cap;
    uint8_t state;     /* wcap_CapsuleState */
    uint8_t flags;     /* WCAP_DEV_SLOT_* */
    uint16_t restarts; /* re-instantiations after a trap since the load (saturating) */
} wcap_dev_slot_t;

/* The upload in progress. */
typedef struct {
    uint8_t active;
    uint8_t mode;    /* wcap_UploadMode */
    uint8_t storing; /* a store write of cap/<name> is open */
    uint8_t slot;
    uint32_t total, received, blob_crc;
    char name[WCAP_NAME_MAX + 1];
    char export_name[48];
    uint8_t n_args;
    wcap_Value args[WCAP_DEV_MAX_ARGS];
} wcap_dev_upload_t;

typedef struct {
    const wcap_ldr_config_t *ldr;  /* loader policy, keys, symtab, RAM; check_version is set by the service */
    const wcap_dev_store_t *store; /* NULL: nothing persists */
    const wcap_dev_transport_t *transport;
    const char *firmware; /* short name for Info, e.g. "wcapd 0.1" */
    uint32_t ram_total;   /* capsule RAM bytes, for Info */
    /* Who may manage the device (wcap/dev/auth.h, docs/device-protocol.md). */
    const wcap_auth_client_t *clients; /* known clients (identity, role, key) */
    size_t n_clients;
    uint8_t anonymous_role; /* role without credentials: WCAP_ROLE_NONE (zero) refuses
                                                 * everything, READER lets anyone read, ADMIN is the
                                                 * development mode (wcapd --insecure-dev) */
    /* Refusals, with the identity and never the key (NULL: not logged). */
    void (*log)(void *user, const char *line);
    void *log_user;
} wcap_dev_config_t;

/* The authentication state of the current connection. */
typedef struct {
    int8_t client;                       /* index in cfg.clients after AuthBegin, -1 none */
    uint32_t counter;                    /* last accepted Auth.counter */
    uint8_t nonce[WCAP_AUTH_NONCE_SIZE]; /* issued by AuthBegin */
    uint32_t epoch, count;               /* nonce = epoch || count || random */
} wcap_dev_auth_t;

/* Receives the output of a running capsule and device notices (kind is a
 * wcap_EventKind, code 0 or an error) instead of the transport. */
typedef void (*wcap_dev_sink_fn)(void *user, int kind, int code, const uint8_t *data, size_t len, int eol);

typedef struct wcap_dev {
    wcap_dev_config_t cfg;
    wcap_dev_sink_fn sink; /* NULL: events go to the transport as frames */
    void *sink_user;
    const char *out_capsule;   /* the capsule being called: its LOG and REPLY events name it */
    wcap_log_ring_t *log;      /* NULL: none; else capsule output outside requests is kept there too */
    uint8_t background;        /* a tick or the boot is running: its capsule output is not a request's */
    wcap_ldr_config_t ldr_cfg; /* copy of *cfg.ldr, callbacks routed through the service */
    wcap_ldr_config_t ldr_run; /* the same without the rollback check (runs, boot) */
    wcap_ldr_t ld;
    wcap_dev_auth_t auth;
    wcap_auth_caller_t caller; /* who makes the request being executed */
    wcap_dev_slot_t slots[WCAP_DEV_SLOTS];
    wcap_dev_upload_t up;
    wcap_frame_rx_t rx;
    wcap_Request req;
    wcap_Response resp;
    uint8_t tx_raw[WCAP_FRAME_RAW_MAX];
    uint8_t tx_wire[WCAP_FRAME_WIRE_MAX];
    uint16_t tx_len;   /* last response on the wire (replayed on a repeated seq) */
    uint32_t last_seq; /* 0: none */
    uint8_t link_down;
    uint32_t n_requests;
    void (*reboot)(void *user); /* NULL: Reboot is not supported */
    void *reboot_user;
    uint8_t reboot_pending; /* Reboot answered; reset after the answer is sent */
    uint32_t refused_floor; /* the last rollback refusal: the version a blob must exceed */
} wcap_dev_t;

/* Prepares the service; nothing is loaded. */
void wcap_dev_init(wcap_dev_t *dev, const wcap_dev_config_t *cfg);

/* Loads every capsule in the store (full verification) and advances the
 * stored nonce epoch of authentication. Returns the number
 * loaded; a record that fails to load is reported through `report` (may be
 * NULL) with its error and left in the store. */
int wcap_dev_boot(wcap_dev_t *dev, void (*report)(const char *name, int err));

/* Forgets per-connection state (replay cache, half-received frame); an upload
 * in progress is kept so the host can resume it. Call after a reconnect. */
void wcap_dev_link_reset(wcap_dev_t *dev);

/* Reads what the transport has (waiting up to timeout_ms) and handles every
 * complete frame. Returns the number of requests handled, or -1 when the
 * transport reported the link gone. */
int wcap_dev_poll(wcap_dev_t *dev, uint32_t timeout_ms);

/* Handles one received frame payload (exposed for tests). */
void wcap_dev_handle_payload(wcap_dev_t *dev, const uint8_t *payload, size_t len);

/* Routes events (capsule output, notices) to `sink` instead of the transport
 * (NULL restores the transport). A transport may be NULL in the config when a
 * sink is set: then nothing is ever framed (e.g. the CoAP adapter). */
void wcap_dev_set_sink(wcap_dev_t *dev, wcap_dev_sink_fn sink, void *user);

/* Keeps what the capsules log outside any request (their ticks, their init
 * at boot) in `ring` as well (wcap/dev/log_ring.h; NULL: nowhere), for a
 * transport to serve (CoAP: GET /log). The ring must outlive the service. */
void wcap_dev_set_log(wcap_dev_t *dev, wcap_log_ring_t *ring);

/* Enables the Reboot request: once its answer has been sent on the
 * transport, wcap_dev_poll calls `reboot(user)`, which resets the device and
 * does not return. Without it, Reboot is refused (WCAP_E_DEV_UNSUPPORTED). */
void wcap_dev_set_reboot(wcap_dev_t *dev, void (*reboot)(void *user), void *user);

/* Transport-neutral requests: the caller fills dev->req (seq ignored, no
 * replay cache), this runs it like a received frame would and leaves the
 * answer in dev->resp (code, message, body) without sending it. Events go to
 * the sink. The request is made with the role last set by wcap_dev_set_caller
 * (a transport that authenticates its peers itself, e.g. DTLS); a role too
 * weak is refused with WCAP_E_DEV_AUTH_REQUIRED (anonymous) or
 * WCAP_E_DEV_FORBIDDEN. Returns dev->resp.code. */
int wcap_dev_execute(wcap_dev_t *dev);

/* Whether the current caller may make a request of kind `tag` (a
 * wcap_Request_*_tag), before a transport starts a multi-step operation
 * (e.g. Describe then Call). Returns WCAP_OK, or the refusal with dev->resp
 * set and logged, as wcap_dev_execute would. */
int wcap_dev_authorize(wcap_dev_t *dev, pb_size_t tag);

/* The same for what a transport serves without a request (e.g. CoAP's
 * GET /log): whether the current caller has `role` (a wcap_role_t);
 * `what` names it in the log of refusals. */
int wcap_dev_authorize_role(wcap_dev_t *dev, uint8_t role, const char *what);

/* Sets who makes the next wcap_dev_execute requests: a wcap_role_t and the
 * identity for the log (NULL: anonymous). The identity must outlive them. */
void wcap_dev_set_caller(wcap_dev_t *dev, uint8_t role, const char *identity);

/* Persistent-capsule lifecycle (docs/coap.md): calls the `tick` export of
 * every running capsule that has one. A tick that traps (time budget
 * included) gets the capsule's on-trap policy: restarted (fresh instance,
 * `init` and `start` run again, ticks go on) or stopped (persisted); a
 * restart that fails too, or any other failure, stops it in RAM (a reboot
 * runs `start` again). Each is reported as a device event. Returns the
 * number of ticks called. */
int wcap_dev_tick(wcap_dev_t *dev);

/* Drops the upload in progress, if any (its slot and the store's temporary
 * record): a transport whose client vanished mid-body (CoAP Block1 timeout).
 * Installed capsules are untouched. */
void wcap_dev_upload_abort(wcap_dev_t *dev);

/* Slots in use. */
uint32_t wcap_dev_slots_used(const wcap_dev_t *dev);

#endif /* WCAP_DEV_SERVICE_H */
