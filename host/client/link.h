/*
 * One open connection to a device, whatever carries it: the serial device
 * protocol (`--port`, link_serial.c) or CoAP (`--coap`, link_coap.c). The
 * device commands (cmd_device.c, cmd_push.c) are written once over these
 * operations and print the same text and JSON over both.
 *
 * Every operation returns a WCAPC_EXIT_* code. A device refusal has been
 * printed on stderr as "wcap: error: device: MESSAGE (code -0xNNN)" when it
 * returns WCAPC_EXIT_DEVICE; a trap is not an error of the operation (it
 * returns WCAPC_EXIT_OK with out->trapped set; the command prints it and
 * exits WCAPC_EXIT_TRAP). What the capsule logs or replies during an
 * operation is printed on stdout as it comes (serial) or when the answer
 * arrives (CoAP), or, with --json, kept in the link's output buffer.
 * Host C11.
 */
#ifndef WCAPC_LINK_H
#define WCAPC_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

/* One installed capsule, as `ls` shows it. */
typedef struct {
    char name[32];
    char state[12]; /* "empty", "ready", "running", "stopped" */
    uint32_t version, ram, restarts;
} wcapc_entry_t;

/* The outcome of a call (call, run). */
typedef struct {
    int trapped;        /* 1: the call trapped; trap and after_trap say how */
    char trap[96];      /* the trap's KIND text */
    int after_trap;     /* 0 nothing, 1 the capsule restarted, 2 stopped */
    char results[512];  /* the results as text, space-separated ("" when none) */
    int has_stack_peak; /* the device measured the call's native stack */
    uint32_t stack_peak;
} wcapc_call_out_t;

typedef enum { WCAPC_OP_REMOVE, WCAPC_OP_START, WCAPC_OP_STOP } wcapc_name_op_t;

typedef struct wcapc_link wcapc_link_t;
typedef int (*wcapc_entry_fn)(void *user, const wcapc_entry_t *e);

typedef struct {
    const char *name; /* "serial", "coap" */
    int (*info)(wcapc_link_t *l, wcap_DeviceInfo *out);
    /* Calls each(user, entry) per installed capsule, in the device's order. */
    int (*list)(wcapc_link_t *l, wcapc_entry_fn each, void *user);
    /* Installs the blob; *version the installed version. */
    int (*install)(wcapc_link_t *l, const wcapc_blob_meta_t *m, uint32_t *version);
    /* Runs export `e` of the blob once (upload, call, unload) with args[0..n). */
    int (*run)(wcapc_link_t *l, const wcapc_blob_meta_t *m, const wcapc_export_meta_t *e, char **args, int n,
               wcapc_call_out_t *out);
    int (*call)(wcapc_link_t *l, const char *name, const char *export_name, char **args, int n, wcapc_call_out_t *out);
    /* rm, start, stop; a start or stop export that traps is printed here and
     * gives WCAPC_EXIT_TRAP. */
    int (*name_op)(wcapc_link_t *l, wcapc_name_op_t op, const char *name);
    int (*reboot)(wcapc_link_t *l);
    /* `wcap monitor`: prints what the capsules logged outside any command
     * (their ticks) since the last call, the first call from now on, one
     * "[NAME] text" line each, taking about wait_ms. Returns WCAPC_EXIT_OK,
     * WCAPC_EXIT_CONNECT when the device is gone, or a refusal's code
     * (message printed). */
    int (*monitor)(wcapc_link_t *l, int wait_ms);
    void (*close)(wcapc_link_t *l);
} wcapc_link_ops_t;

struct wcapc_link {
    const wcapc_link_ops_t *ops;
    const wcapc_dev_opts_t *o;
    wcapc_sess_t sess; /* serial only */
    /* monitor over CoAP: the newest log line seen (GET /log?since=N) */
    uint32_t log_since, log_boot; /* and the boot number of the device's log */
    int log_polled;
    long long log_silent_ms; /* when the device stopped answering the polls (0: it answers) */
    /* --json: the capsule's output of the last operation (malloc'd, NUL-terminated). */
    char *out;
    size_t out_len, out_cap;
};

/* Opens the link the options name (--coap URI, else --port P) and, with a
 * credential, authenticates. Returns WCAPC_EXIT_OK or an exit code (message
 * printed); close it with wcapc_link_close either way. */
int wcapc_link_open(wcapc_link_t *l, const wcapc_dev_opts_t *o);
void wcapc_link_close(wcapc_link_t *l);

/* The two transports (link_serial.c, link_coap.c). */
int wcapc_link_open_serial(wcapc_link_t *l, const wcapc_dev_opts_t *o);
int wcapc_link_open_coap(wcapc_link_t *l, const wcapc_dev_opts_t *o);

/* Capsule output during an operation: printed, or kept for --json. */
void wcapc_link_output(wcapc_link_t *l, const char *text, size_t len);

/* Prints the outcome of a call (call, run): results on one line, or
 * "trap: KIND[ (capsule restarted|stopped)]" (with --stack-peak, the
 * measured stack on stderr first); with --json one JSON object
 * (json_out.c). Returns WCAPC_EXIT_OK or WCAPC_EXIT_TRAP. */
int wcapc_call_report(wcapc_link_t *l, const char *capsule, const char *export_name, const wcapc_call_out_t *r);

/* --json of a call: {"capsule", "export", "output": [lines the capsule
 * logged or replied], "results": [...]} or, for a trap, "trap": KIND and
 * "after_trap": "restarted"|"stopped"|"none" instead of "results" (exit 15);
 * "stack_peak" when the device measured it. */
int wcapc_json_call_result(const wcapc_link_t *l, const char *capsule, const char *export_name,
                           const wcapc_call_out_t *r);

/* One install upload of the blob; prints "installed NAME version V" (or its
 * JSON) and returns the exit code. */
int wcapc_push_install(wcapc_link_t *l, const wcapc_blob_meta_t *m);

/* Prints "trap: KIND[ (capsule restarted|stopped)]" on stdout; returns WCAPC_EXIT_TRAP. */
int wcapc_trap_report(const wcapc_call_out_t *r);

/* The message of the last device refusal printed ("" when none): both
 * transports keep it (wcapc_device_refusal_keep) for a command that reacts
 * to it (push --bump reads the floor of a rollback refusal). */
void wcapc_device_refusal_keep(const char *message);
const char *wcapc_device_refusal_last(void);

/* `wcap push --bump --key K` (install.c): installs the blob re-signed with the
 * version after the device's (the installed one, or the floor a rollback
 * refusal names; one retry). Prints like wcapc_push_install. */
int wcapc_push_bumped(wcapc_link_t *l, wcapc_blob_meta_t *m, const char *key);
/* Re-signs m in place as `version` with key K (its key ID follows). An exit code. */
int wcapc_bump_resign(wcapc_blob_meta_t *m, uint32_t version, const char *key);

/* The name of a wcap_CapsuleState ("?" when unknown). */
const char *wcapc_state_name(int state);

#endif /* WCAPC_LINK_H */
