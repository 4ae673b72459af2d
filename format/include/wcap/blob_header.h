/*
 * The blob header (docs/blob-format.md, "Header"): one parser for the device
 * loader, the packager's inspect/verify and the client, so the three can never
 * accept different headers. Portable C99, no allocation.
 */
#ifndef WCAP_BLOB_HEADER_H
#define WCAP_BLOB_HEADER_H

#include <stdint.h>

#include "wcap/blob_format.h"

typedef struct {
    uint16_t manifest_len; /* 1..WCAP_MANIFEST_MAX */
    uint32_t payload_len;
} wcap_blob_header_t;

/*
 * Checks the WCAP_HEADER_SIZE bytes at `hdr` and fills `out`.
 * Returns WCAP_OK, or (first failing check wins, in this order)
 *   WCAP_E_LDR_MAGIC          the magic is not "WCAP"
 *   WCAP_E_LDR_FORMAT         a format version this code does not read
 *   WCAP_E_LDR_HEADER         header_size is not 16, reserved is not 0, or manifest_len is 0
 *   WCAP_E_LDR_MANIFEST_SIZE  manifest_len above WCAP_MANIFEST_MAX
 * `out` is written only on WCAP_OK.
 */
int wcap_blob_header_parse(const uint8_t *hdr, wcap_blob_header_t *out);

/* The whole blob's size in bytes as a parsed header announces it. */
static inline uint64_t wcap_blob_total_size(const wcap_blob_header_t *h)
{
    return (uint64_t)WCAP_HEADER_SIZE + h->manifest_len + WCAP_SIG_BLOCK_SIZE + h->payload_len;
}

#endif
