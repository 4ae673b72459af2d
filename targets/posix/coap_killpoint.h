/*
 * Test-only power-loss simulation for wcapd (tests/coap/powerloss.sh): wraps
 * the store so that the process SIGKILLs itself right before its N-th
 * mutating store operation (write_open, write, write_commit, write_abort,
 * erase), N from the environment variable WCAPD_TEST_KILL_AT_STORE_OP.
 * WCAPD_TEST_TRACE_STORE_OPS=1 prints each operation's number to stderr, so a
 * test can measure how many an update takes. Without either variable the
 * store is used unwrapped. Host C11.
 */
#ifndef WCAPD_COAP_KILLPOINT_H
#define WCAPD_COAP_KILLPOINT_H

#include "wcap/dev/store.h"

/* Replaces *store by the wrapper when the environment asks for it. */
void wcapd_killpoint_wrap(wcap_dev_store_t *store);

#endif /* WCAPD_COAP_KILLPOINT_H */
