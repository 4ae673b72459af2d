/*
 * Device service core, the top of device/: frame intake, replay of a
 * retried request, authentication, dispatch by request type with the role
 * each needs, and the Info command. See wcap/dev/service.h.
 */
#include <string.h>

#include <pb_decode.h>

#include "dev_internal.h"

typedef char wcap_dev_request_fits[(wcap_Request_size <= WCAP_FRAME_PAYLOAD_MAX) ? 1 : -1];

static void cmd_info(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);

/* One handler per Request body tag, the role it needs and its name for the log. */
typedef struct {
    pb_size_t tag;
    uint8_t role;
    const char *name;
    void (*fn)(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp);
} wcap_dev_handler_t;

static void cmd_start(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    wcap_dev_cmd_start_stop(dev, req, resp, 1);
}
static void cmd_stop(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    wcap_dev_cmd_start_stop(dev, req, resp, 0);
}

/* Only over a transport: the reset happens in wcap_dev_poll after the answer. */
static void cmd_reboot(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    (void)req; /* no fields */
    if (dev->reboot == NULL || dev->cfg.transport == NULL)
        wcap_dev_set_error(resp, WCAP_E_DEV_UNSUPPORTED);
    else
        dev->reboot_pending = 1;
}

#define R WCAP_ROLE_READER
#define A WCAP_ROLE_ADMIN
static const wcap_dev_handler_t handlers[] = {
    {wcap_Request_auth_begin_tag, WCAP_ROLE_NONE, "auth", wcap_dev_cmd_auth_begin},
    {wcap_Request_info_tag, R, "info", cmd_info},
    {wcap_Request_list_tag, R, "list", wcap_dev_cmd_list},
    {wcap_Request_describe_tag, R, "describe", wcap_dev_cmd_describe},
    {wcap_Request_upload_begin_tag, A, "upload", wcap_dev_cmd_upload_begin},
    {wcap_Request_upload_chunk_tag, A, "upload chunk", wcap_dev_cmd_upload_chunk},
    {wcap_Request_upload_end_tag, A, "upload end", wcap_dev_cmd_upload_end},
    {wcap_Request_remove_tag, A, "remove", wcap_dev_cmd_remove},
    {wcap_Request_call_tag, A, "call", wcap_dev_cmd_call},
    {wcap_Request_start_tag, A, "start", cmd_start},
    {wcap_Request_stop_tag, A, "stop", cmd_stop},
    {wcap_Request_reboot_tag, A, "reboot", cmd_reboot},
};
#undef R
#undef A

static void *ram_alloc(void *user, size_t size, size_t align)
{
    const wcap_ldr_config_t *l = ((wcap_dev_t *)user)->cfg.ldr;
    return l->alloc(l->user, size, align);
}

static void ram_free(void *user, void *block)
{
    const wcap_ldr_config_t *l = ((wcap_dev_t *)user)->cfg.ldr;
    l->free(l->user, block);
}

static size_t ram_largest_free(void *user)
{
    const wcap_ldr_config_t *l = ((wcap_dev_t *)user)->cfg.ldr;
    return l->largest_free ? l->largest_free(l->user) : 0;
}

void wcap_dev_init(wcap_dev_t *dev, const wcap_dev_config_t *cfg)
{
    memset(dev, 0, sizeof *dev);
    dev->cfg = *cfg;
    /* The loader hands one `user` to every callback: make it the service and
     * forward RAM requests to the caller's allocator. */
    dev->ldr_cfg = *cfg->ldr;
    dev->ldr_cfg.check_version = wcap_dev_check_version;
    dev->ldr_cfg.alloc = ram_alloc;
    dev->ldr_cfg.free = ram_free;
    dev->ldr_cfg.largest_free = ram_largest_free;
    dev->ldr_cfg.user = dev;
    dev->ldr_run = dev->ldr_cfg;
    dev->ldr_run.check_version = NULL;
    wcap_frame_rx_init(&dev->rx);
    wcap_dev_auth_forget(dev);
    dev->caller.role = cfg->anonymous_role;
}

void wcap_dev_link_reset(wcap_dev_t *dev)
{
    uint32_t dropped_cobs = dev->rx.n_bad_cobs, dropped_crc = dev->rx.n_bad_crc;
    uint32_t dropped_long = dev->rx.n_too_long, ok = dev->rx.n_ok;

    wcap_frame_rx_init(&dev->rx); /* keep the counters: Info reports them */
    dev->rx.n_bad_cobs = dropped_cobs;
    dev->rx.n_bad_crc = dropped_crc;
    dev->rx.n_too_long = dropped_long;
    dev->rx.n_ok = ok;
    dev->last_seq = 0;
    dev->tx_len = 0;
    dev->link_down = 0;
    wcap_dev_auth_forget(dev);
}

static void cmd_info(wcap_dev_t *dev, const wcap_Request *req, wcap_Response *resp)
{
    (void)req; /* no fields */
    wcap_DeviceInfo *in = &resp->body.info;
    const wcap_ldr_config_t *l = &dev->ldr_cfg;

    resp->which_body = wcap_Response_info_tag;
    in->target = l->target;
    in->abi_version = WCAP_ABI_VERSION;
    in->ram_free = l->largest_free ? (uint32_t)l->largest_free(l->user) : 0;
    in->ram_total = dev->cfg.ram_total;
    in->slots_total = WCAP_DEV_SLOTS;
    in->slots_free = WCAP_DEV_SLOTS - wcap_dev_slots_used(dev);
    for (size_t i = 0; i < l->n_keys && in->key_ids_count < 4; i++) {
        memcpy(in->key_ids[in->key_ids_count].bytes, l->keys[i].key_id, WCAP_KEY_ID_SIZE);
        in->key_ids[in->key_ids_count++].size = WCAP_KEY_ID_SIZE;
    }
    in->granted_caps = l->granted_caps;
    in->frames_dropped = wcap_frame_rx_dropped(&dev->rx);
    in->max_payload = WCAP_FRAME_PAYLOAD_MAX;
    in->protocol_version = WCAP_DEV_PROTOCOL_VERSION;
    in->engines = 1u | (l->interp != NULL ? 2u : 0u);
    if (dev->cfg.firmware) {
        strncpy(in->firmware, dev->cfg.firmware, sizeof in->firmware - 1);
        in->firmware[sizeof in->firmware - 1] = '\0';
    }
}

void wcap_dev_handle_payload(wcap_dev_t *dev, const uint8_t *payload, size_t len)
{
    pb_istream_t is = pb_istream_from_buffer(payload, len);

    memset(&dev->req, 0, sizeof dev->req);
    if (!pb_decode(&is, wcap_Request_fields, &dev->req) || dev->req.seq == 0) {
        memset(&dev->resp, 0, sizeof dev->resp);
        wcap_dev_set_error(&dev->resp, WCAP_E_DEV_MSG);
        wcap_dev_send_uncached(dev); /* seq 0: not an answer to anything, not replayable */
        return;
    }
    if (dev->req.seq == dev->last_seq && dev->tx_len != 0) {
        wcap_dev_transmit(dev, dev->tx_len); /* a retry: answer again, do not execute twice */
        return;
    }
    memset(&dev->resp, 0, sizeof dev->resp);
    if (wcap_dev_auth_request(dev, payload, len) == WCAP_OK)
        (void)wcap_dev_execute(dev);
    dev->resp.seq = dev->req.seq;
    wcap_dev_send_response(dev);
}

static const wcap_dev_handler_t *handler_of(pb_size_t tag)
{
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (handlers[i].tag == tag)
            return &handlers[i];
    return NULL;
}

int wcap_dev_execute(wcap_dev_t *dev)
{
    const wcap_dev_handler_t *h = handler_of(dev->req.which_body);

    dev->n_requests++;
    memset(&dev->resp, 0, sizeof dev->resp);
    if (h == NULL)
        wcap_dev_set_error(&dev->resp, WCAP_E_DEV_UNSUPPORTED);
    else if (wcap_dev_access_ok(dev, h->role, h->name))
        h->fn(dev, &dev->req, &dev->resp);
    return dev->resp.code;
}

int wcap_dev_authorize(wcap_dev_t *dev, pb_size_t tag)
{
    const wcap_dev_handler_t *h = handler_of(tag);

    memset(&dev->resp, 0, sizeof dev->resp);
    if (h == NULL)
        wcap_dev_set_error(&dev->resp, WCAP_E_DEV_UNSUPPORTED);
    else
        (void)wcap_dev_access_ok(dev, h->role, h->name);
    return dev->resp.code;
}

int wcap_dev_authorize_role(wcap_dev_t *dev, uint8_t role, const char *what)
{
    memset(&dev->resp, 0, sizeof dev->resp);
    (void)wcap_dev_access_ok(dev, role, what);
    return dev->resp.code;
}

void wcap_dev_set_log(wcap_dev_t *dev, wcap_log_ring_t *ring)
{
    dev->log = ring;
}

void wcap_dev_set_reboot(wcap_dev_t *dev, void (*reboot)(void *user), void *user)
{
    dev->reboot = reboot;
    dev->reboot_user = user;
}

void wcap_dev_set_sink(wcap_dev_t *dev, wcap_dev_sink_fn sink, void *user)
{
    dev->sink = sink;
    dev->sink_user = user;
}

/* A dropped frame: count it (done by the receiver) and tell the host. */
static void report_dropped(wcap_dev_t *dev, int err)
{
    static const char what[] = "frame dropped";
    wcap_dev_send_event(dev, wcap_EventKind_EVENT_DEVICE, err, (const uint8_t *)what, sizeof what - 1, 1);
}

int wcap_dev_poll(wcap_dev_t *dev, uint32_t timeout_ms)
{
    const wcap_dev_transport_t *t = dev->cfg.transport;
    uint8_t buf[64];
    int handled = 0;

    if (dev->reboot_pending && dev->reboot != NULL) {
        dev->reboot_pending = 0;       /* a Reboot answered on another link (CoAP): its answer is out */
        dev->reboot(dev->reboot_user); /* does not return */
    }
    if (dev->link_down || t == NULL)
        return -1;
    int n = t->read(t->user, buf, sizeof buf, timeout_ms);
    if (n < 0) {
        dev->link_down = 1;
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const uint8_t *payload;
        size_t len;
        int r = wcap_frame_rx_byte(&dev->rx, buf[i], &payload, &len);
        if (r == WCAP_FRAME_READY) {
            wcap_dev_handle_payload(dev, payload, len);
            handled++;
            if (dev->reboot_pending && dev->reboot != NULL) {
                dev->reboot_pending = 0;
                dev->reboot(dev->reboot_user); /* does not return */
            }
        } else if (r < 0) {
            report_dropped(dev, r);
        }
    }
    return dev->link_down ? -1 : handled;
}
