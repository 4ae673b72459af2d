/*
 * wcapd's CoAP operations (docs/coap.md): each one drives the device service
 * through its transport-neutral API (wcap_dev_execute) and renders the answer
 * as text with a CoAP response code (class*100 + detail, e.g. 205, 409).
 * Host C11; single-threaded like the service.
 */
#ifndef WCAPD_COAP_OPS_H
#define WCAPD_COAP_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/service.h"

/* Text answer under construction; bounded (WCAPD_TEXT_MAX), an overflow is
 * marked with "...". */
#define WCAPD_TEXT_MAX 16384u
typedef struct {
    char   buf[WCAPD_TEXT_MAX];
    size_t len;
    int    mid_line; /* the last output did not end a line */
} wcapd_text_t;

void wcapd_text_add(wcapd_text_t *t, const char *s, size_t n);
void wcapd_text_printf(wcapd_text_t *t, const char *fmt, ...);

/* PUT /capsules/<name>: 201 (new name) or 204 (update), else 4.xx/5.xx. */
int wcapd_op_install(wcap_dev_t *dev, const char *name, const uint8_t *blob, size_t len, wcapd_text_t *out);
/* POST /run: output lines, then the result line; `export_name` default "run". */
int wcapd_op_run(wcap_dev_t *dev, const uint8_t *blob, size_t len, const char *export_name, wcapd_text_t *out);
/* POST /capsules/<name>/<export>: `args` is whitespace-separated text typed by
 * the export's signature (empty: no arguments). */
int wcapd_op_call(wcap_dev_t *dev, const char *name, const char *export_name, const char *args, wcapd_text_t *out);
/* GET /capsules: one line per capsule "name version state ram". */
int wcapd_op_list(wcap_dev_t *dev, wcapd_text_t *out);
/* DELETE /capsules/<name>: 202. */
int wcapd_op_remove(wcap_dev_t *dev, const char *name, wcapd_text_t *out);

#endif /* WCAPD_COAP_OPS_H */
