/*
 * Answers and events, the bottom of the device service: every other file of
 * device/ reports through these. A response is encoded into dev->tx_wire and
 * kept there so a retried request (same seq) is answered again without being
 * executed twice; events go out uncached, or to the sink when one is set
 * (a CoAP server collects them into its answer). Capsule output outside
 * requests (ticks, boot) also goes to the log ring when there is one.
 */
#include <string.h>

#include <pb_encode.h>

#include "dev_internal.h"

typedef char wcap_dev_response_fits[(wcap_Response_size <= WCAP_FRAME_PAYLOAD_MAX) ? 1 : -1];

void wcap_dev_set_error(wcap_Response *resp, int code)
{
    const char *msg = wcap_strerror(code);
    resp->code = code;
    strncpy(resp->message, msg, sizeof resp->message - 1);
    resp->message[sizeof resp->message - 1] = '\0';
}

void wcap_dev_set_error_detail(wcap_Response *resp, int code, const char *detail)
{
    size_t used, cap = sizeof resp->message;
    wcap_dev_set_error(resp, code);
    used = strlen(resp->message);
    if (detail == NULL || detail[0] == '\0' || used + 3u >= cap)
        return;
    memcpy(resp->message + used, ": ", 2);
    used += 2u;
    strncpy(resp->message + used, detail, cap - 1u - used);
    resp->message[cap - 1u] = '\0';
}

/* Encodes dev->resp into dev->tx_wire; returns the wire length or 0. */
static size_t encode_response(wcap_dev_t *dev)
{
    pb_ostream_t os = pb_ostream_from_buffer(dev->tx_raw, WCAP_FRAME_PAYLOAD_MAX);
    if (!pb_encode(&os, wcap_Response_fields, &dev->resp))
        return 0; /* cannot happen: sizes are static-asserted above */
    return wcap_frame_encode(dev->tx_raw, os.bytes_written, dev->tx_wire, sizeof dev->tx_wire);
}

void wcap_dev_transmit(wcap_dev_t *dev, size_t len)
{
    const wcap_dev_transport_t *t = dev->cfg.transport;
    if (len == 0 || dev->link_down || t == NULL)
        return;
    if (t->write(t->user, dev->tx_wire, len) != 0)
        dev->link_down = 1;
}

void wcap_dev_send_response(wcap_dev_t *dev)
{
    size_t n = encode_response(dev);
    dev->tx_len = (uint16_t)n;
    dev->last_seq = dev->resp.seq;
    wcap_dev_transmit(dev, n);
}

static int transport_write(void *user, const uint8_t *data, size_t len)
{
    const wcap_dev_transport_t *t = ((wcap_dev_t *)user)->cfg.transport;
    return t->write(t->user, data, len);
}

/* Sends dev->resp straight from tx_raw, leaving the replay copy in tx_wire intact. */
void wcap_dev_send_uncached(wcap_dev_t *dev)
{
    pb_ostream_t os = pb_ostream_from_buffer(dev->tx_raw, WCAP_FRAME_PAYLOAD_MAX);
    if (dev->link_down || dev->cfg.transport == NULL || !pb_encode(&os, wcap_Response_fields, &dev->resp))
        return;
    if (wcap_frame_send(dev->tx_raw, os.bytes_written, transport_write, dev) != 0)
        dev->link_down = 1;
}

void wcap_dev_send_event(wcap_dev_t *dev, int kind, int code, const uint8_t *data, size_t len, int eol)
{
    wcap_Response *r = &dev->resp;

    if (dev->log != NULL && dev->background && kind != wcap_EventKind_EVENT_DEVICE)
        wcap_log_write(dev->log, dev->out_capsule, data, len, kind == wcap_EventKind_EVENT_LOG && eol);
    if (dev->sink != NULL) {
        dev->sink(dev->sink_user, kind, code, data, len, eol);
        return;
    }
    memset(r, 0, sizeof *r);
    r->which_body = wcap_Response_event_tag;
    r->body.event.kind = (wcap_EventKind)kind;
    if (code != 0)
        wcap_dev_set_error(&dev->resp, code);
    if (len > sizeof r->body.event.data.bytes)
        len = sizeof r->body.event.data.bytes;
    memcpy(r->body.event.data.bytes, data, len);
    r->body.event.data.size = (pb_size_t)len;
    r->body.event.eol = eol != 0;
    if (kind != wcap_EventKind_EVENT_DEVICE && dev->out_capsule != NULL) {
        size_t n = strlen(dev->out_capsule);
        if (n >= sizeof r->body.event.capsule)
            n = sizeof r->body.event.capsule - 1;
        memcpy(r->body.event.capsule, dev->out_capsule, n);
    }
    wcap_dev_send_uncached(dev);
}
