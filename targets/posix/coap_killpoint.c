/*
 * Test-only power-loss simulation: see coap_killpoint.h.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "coap_killpoint.h"

static struct {
    wcap_dev_store_t inner;
    unsigned long kill_at, count;
    int trace;
} kp;

static void step(const char *what)
{
    kp.count++;
    if (kp.trace)
        fprintf(stderr, "wcapd: store-op %lu %s\n", kp.count, what);
    if (kp.kill_at != 0 && kp.count == kp.kill_at) {
        fprintf(stderr, "wcapd: test kill before store-op %lu (%s)\n", kp.count, what);
        kill(getpid(), SIGKILL);
    }
}

static int k_open(void *u, const char *name)
{
    (void)u;
    step("open");
    return kp.inner.write_open(kp.inner.user, name);
}
static int k_write(void *u, const uint8_t *d, size_t n)
{
    (void)u;
    step("write");
    return kp.inner.write(kp.inner.user, d, n);
}
static int k_commit(void *u)
{
    (void)u;
    step("commit");
    return kp.inner.write_commit(kp.inner.user);
}
static void k_abort(void *u)
{
    (void)u;
    step("abort");
    kp.inner.write_abort(kp.inner.user);
}
static int k_erase(void *u, const char *name)
{
    (void)u;
    step("erase");
    return kp.inner.erase(kp.inner.user, name);
}

static int k_read(void *u, const char *name, uint32_t off, uint8_t *buf, size_t len)
{
    (void)u;
    return kp.inner.read(kp.inner.user, name, off, buf, len);
}

static int k_list(void *u, uint32_t i, char *name, size_t cap)
{
    (void)u;
    return kp.inner.list(kp.inner.user, i, name, cap);
}

void wcapd_killpoint_wrap(wcap_dev_store_t *store)
{
    const char *at = getenv("WCAPD_TEST_KILL_AT_STORE_OP"), *tr = getenv("WCAPD_TEST_TRACE_STORE_OPS");

    kp.kill_at = at ? strtoul(at, NULL, 10) : 0;
    kp.trace = tr != NULL && tr[0] == '1';
    if (kp.kill_at == 0 && !kp.trace)
        return;
    kp.inner = *store;
    store->write_open = k_open;
    store->write = k_write;
    store->write_commit = k_commit;
    store->write_abort = k_abort;
    store->read = k_read;
    store->erase = k_erase;
    store->list = k_list;
    store->user = &kp;
}
