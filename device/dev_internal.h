/*
 * Internal interfaces between the files of the device service. Not for users
 * of device/ (they use wcap/dev/service.h).
 */
#ifndef WCAP_DEV_INTERNAL_H
#define WCAP_DEV_INTERNAL_H

#include "wcap/dev/service.h"
#include "wcap/capsule_name.h"
#include "wcap/port.h"

/*
 * The files of the device service, bottom first; each calls only files above
 * it in this list (docs/architecture.md):
 *   reply.c         answers and events
 *   slots.c         the capsule table and the anti-rollback floors
 *   state.c         the persisted run state
 *   access.c        authentication and roles
 *   calls.c         calling an export
 *   hooks.c         calling the lifecycle hooks
 *   recover.c       the on-trap policy
 *   lifecycle.c     tick, boot, restoring the run state
 *   upload.c, cmd_capsules.c   the request handlers
 *   service.c       intake, dispatch, Info
 */

/* reply.c */
void wcap_dev_set_error(wcap_Response *resp, int code); /* resp->code + message */
/* The same, the message followed by ": detail" when detail is not empty. */
void wcap_dev_set_error_detail(wcap_Response *resp, int code, const char *detail);
void wcap_dev_send_response(wcap_dev_t *dev);        /* dev->resp, caches it for replay */
void wcap_dev_transmit(wcap_dev_t *dev, size_t len); /* len bytes of the cached tx_wire again */
void wcap_dev_send_uncached(wcap_dev_t *dev);        /* dev->resp, leaving the cache alone */
void wcap_dev_send_event(wcap_dev_t *dev, int kind, int code, const uint8_t *data, size_t len, int eol);

/* slots.c: the capsule table */
int wcap_dev_slot_find(const wcap_dev_t *dev, const char *name); /* index or -1 (ready/running/stopped) */
int wcap_dev_slot_free(const wcap_dev_t *dev);                   /* index or -1 */
void wcap_dev_slot_unload(wcap_dev_t *dev, int index);
int wcap_dev_find_named(wcap_dev_t *dev, const char *name); /* slot, or -1 with NOT_FOUND set */
/* Store record "pfx" "name" ("cap/", "ver/", "sta/") into out, WCAP_DEV_RECORD_NAME_MAX + 1 bytes;
 * name is a valid capsule name (at most WCAP_NAME_MAX characters are used). */
void wcap_dev_record_name(char *out, const char *pfx, const char *name);
int wcap_dev_version_floor(wcap_dev_t *dev, const char *name, uint32_t *floor); /* 0 found, -1 none */
int wcap_dev_version_raise(wcap_dev_t *dev, const char *name, uint32_t version);
int wcap_dev_check_version(void *user, const char *name, uint32_t version); /* loader callback */

/* state.c: the run state, persisted as record "sta/<name>" (absent: ready) */
int wcap_dev_state_save(wcap_dev_t *dev, const char *name, uint8_t state);  /* WCAP_OK or WCAP_E_DEV_STORE */
int wcap_dev_state_load(wcap_dev_t *dev, const char *name, uint8_t *state); /* WCAP_OK, or NOT_FOUND */
void wcap_dev_state_forget(wcap_dev_t *dev, const char *name);              /* on remove and install */

/* access.c: authentication and roles */
void wcap_dev_auth_boot(wcap_dev_t *dev);   /* advances the stored nonce epoch */
void wcap_dev_auth_forget(wcap_dev_t *dev); /* a new connection: no client yet */
void wcap_dev_cmd_auth_begin(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
/* Sets dev->caller for a received request: anonymous, or the client whose
 * valid trailer it carries. Returns WCAP_OK, or the refusal (resp set). */
int wcap_dev_auth_request(wcap_dev_t *dev, const uint8_t *payload, size_t len);
/* 1 if dev->caller has role `need`; else 0 with resp set and the refusal logged. */
int wcap_dev_access_ok(wcap_dev_t *dev, uint8_t need, const char *what);

/* calls.c */
/* Calls export `name` of slot `index` with typed args; fills dev->resp
 * (code, message, result). Log/reply output goes out as events meanwhile. */
void wcap_dev_call(wcap_dev_t *dev, int index, const char *export_name, const wcap_Value *args, uint32_t n_args);

/* hooks.c */
int wcap_dev_hook(wcap_dev_t *dev, int index, const char *hook); /* 0 if absent or ok, else resp.code */
int wcap_dev_init_hook(wcap_dev_t *dev, int index);              /* 0, or WCAP_E_DEV_INIT with resp set */
void wcap_dev_stop_hook(wcap_dev_t *dev, int index);             /* `stop` if running; resp cleared */

/* recover.c: the on-trap policy (docs/memory-model.md "After a trap") */
/* Slot `index` was just loaded (install or boot): takes its policy from the
 * loader's manifest, clears the flags and the restart count. */
void wcap_dev_slot_loaded(wcap_dev_t *dev, int index);
/* After a call into installed capsule `index` trapped (dev->resp holds the
 * trap): restarts it (re-instantiation, init, start if running) or stops it,
 * as its policy says, then rebuilds dev->resp as the trap's answer with
 * result.after_trap saying which. */
void wcap_dev_after_trap(wcap_dev_t *dev, int index);
/* Re-instantiates slot `index` and runs init (and start when it is running);
 * counts the restart. WCAP_OK, else the error (the slot stays dirty; resp is
 * clobbered by the hooks either way). */
int wcap_dev_restart(wcap_dev_t *dev, int index);

/* lifecycle.c (wcap_dev_tick and wcap_dev_boot are public: wcap/dev/service.h) */
void wcap_dev_state_restore(wcap_dev_t *dev, int index); /* at boot, after a load */

/* upload.c */
void wcap_dev_cmd_upload_begin(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_cmd_upload_chunk(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_cmd_upload_end(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_upload_cancel(wcap_dev_t *dev);

/* cmd_capsules.c */
void wcap_dev_cmd_list(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_cmd_remove(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_cmd_describe(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_cmd_call(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
void wcap_dev_cmd_start_stop(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp, int start);

#endif /* WCAP_DEV_INTERNAL_H */
