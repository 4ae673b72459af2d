/*
 * Who may do what on this device (docs/device-protocol.md, "Authentication"):
 * the AuthBegin request, the check of an authenticated request's trailer on
 * the serial protocol, the role check before every request, the device log
 * of refusals, and the nonce epoch kept in the store.
 */
#include <string.h>

#include "dev_internal.h"

#define EPOCH_RECORD "aut/epoch"

/* One line to the integrator's log: "auth: P1P2P3P4" (no formatting library). */
static void log_line(wcap_dev_t *dev, const char *a, const char *b, const char *c, const char *d)
{
    char line[160];
    const char *parts[] = {"auth: ", a, b, c, d};
    size_t n = 0;

    if (dev->cfg.log == NULL)
        return;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (parts[i] == NULL)
            continue;
        size_t k = strlen(parts[i]);
        if (k > sizeof line - 1 - n)
            k = sizeof line - 1 - n;
        memcpy(line + n, parts[i], k);
        n += k;
    }
    line[n] = '\0';
    dev->cfg.log(dev->cfg.log_user, line);
}

static const char *who(const wcap_dev_t *dev)
{
    return dev->caller.identity ? dev->caller.identity : "(anonymous)";
}

static void refuse(wcap_dev_t *dev, int code, const char *what)
{
    wcap_dev_set_error(&dev->resp, code);
    log_line(dev, "refused ", what, " from ", who(dev));
    log_line(dev, "  ", wcap_strerror(code), NULL, NULL);
}

void wcap_dev_auth_boot(wcap_dev_t *dev)
{
    const wcap_dev_store_t *st = dev->cfg.store;
    uint8_t b[4];

    dev->auth.epoch = 0;
    if (st != NULL && st->read(st->user, EPOCH_RECORD, 0, b, sizeof b) == (int)sizeof b)
        dev->auth.epoch = wcap_rd32(b) + 1u;
    wcap_wr32(b, dev->auth.epoch);
    if (st != NULL && (st->write_open(st->user, EPOCH_RECORD) != 0 || st->write(st->user, b, sizeof b) != 0 ||
                       st->write_commit(st->user) != 0)) {
        st->write_abort(st->user);
        log_line(dev, "nonce epoch not stored: nonces rely on the port's random source", NULL, NULL, NULL);
    }
}

void wcap_dev_auth_forget(wcap_dev_t *dev)
{
    dev->auth.client = -1;
    dev->auth.counter = 0;
    memset(dev->auth.nonce, 0, sizeof dev->auth.nonce);
}

void wcap_dev_cmd_auth_begin(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    const wcap_AuthBegin *a = &req->body.auth_begin;
    wcap_AuthChallenge *c = &resp->body.challenge;
    int i = wcap_auth_find(dev->cfg.clients, dev->cfg.n_clients, a->identity, strlen(a->identity));

    wcap_dev_auth_forget(dev);
    if (i < 0) {
        wcap_dev_set_error(resp, WCAP_E_DEV_AUTH_UNKNOWN);
        log_line(dev, "refused unknown identity '", a->identity, "'", NULL);
        return;
    }
    /* Unique per device for as long as its store lives: epoch (one per boot,
     * stored), count (per AuthBegin since boot), then 8 random bytes. */
    dev->auth.count++;
    wcap_wr32(dev->auth.nonce, dev->auth.epoch);
    wcap_wr32(dev->auth.nonce + 4, dev->auth.count);
    wcap_port_random(dev->auth.nonce + 8, WCAP_AUTH_NONCE_SIZE - 8);
    dev->auth.client = (int8_t)i;
    resp->which_body = wcap_Response_challenge_tag;
    memcpy(c->nonce, dev->auth.nonce, WCAP_AUTH_NONCE_SIZE);
    c->role = dev->cfg.clients[i].role;
}

int wcap_dev_auth_request(wcap_dev_t *dev, const uint8_t *payload, size_t len)
{
    const wcap_auth_client_t *cl;
    const uint8_t *mac;
    uint8_t want[WCAP_AUTH_MAC_SIZE];
    uint32_t counter;

    dev->caller.role = dev->cfg.anonymous_role;
    dev->caller.identity = NULL;
    if (!dev->req.has_auth)
        return WCAP_OK;
    if (wcap_auth_trailer_read(payload, len, &counter, &mac) != 0) {
        wcap_dev_set_error(&dev->resp, WCAP_E_DEV_MSG); /* auth present but not the canonical last field */
        return WCAP_E_DEV_MSG;
    }
    if (dev->auth.client < 0 || (size_t)dev->auth.client >= dev->cfg.n_clients) {
        refuse(dev, WCAP_E_DEV_AUTH_MAC, "an authenticated request without AuthBegin");
        return WCAP_E_DEV_AUTH_MAC;
    }
    cl = &dev->cfg.clients[dev->auth.client];
    dev->caller.identity = cl->identity;
    if (wcap_auth_mac(cl->key, cl->key_len, dev->auth.nonce, counter, payload, len - WCAP_AUTH_TRAILER_SIZE, want) !=
            0 ||
        !wcap_auth_mac_equal(want, mac)) {
        refuse(dev, WCAP_E_DEV_AUTH_MAC, "a request with a bad MAC");
        return WCAP_E_DEV_AUTH_MAC;
    }
    if (counter <= dev->auth.counter) {
        refuse(dev, WCAP_E_DEV_REPLAY, "a replayed request");
        return WCAP_E_DEV_REPLAY;
    }
    dev->auth.counter = counter;
    dev->caller.role = cl->role > dev->caller.role ? cl->role : dev->caller.role;
    return WCAP_OK;
}

int wcap_dev_access_ok(wcap_dev_t *dev, uint8_t need, const char *what)
{
    if (dev->caller.role >= need)
        return 1;
    refuse(dev, dev->caller.identity ? WCAP_E_DEV_FORBIDDEN : WCAP_E_DEV_AUTH_REQUIRED, what);
    return 0;
}

void wcap_dev_set_caller(wcap_dev_t *dev, uint8_t role, const char *identity)
{
    dev->caller.role = role;
    dev->caller.identity = identity;
}
