/* The blob header parser (wcap/blob_header.h). */
#include "wcap/blob_header.h"

#include "wcap/errors.h"

int wcap_blob_header_parse(const uint8_t *hdr, wcap_blob_header_t *out)
{
    uint16_t mlen = wcap_rd16(hdr + WCAP_HDR_MANIFEST_LEN);

    if (wcap_rd32(hdr + WCAP_HDR_MAGIC) != WCAP_MAGIC) {
        return WCAP_E_LDR_MAGIC;
    }
    if (hdr[WCAP_HDR_VERSION] != WCAP_FORMAT_VERSION) {
        return WCAP_E_LDR_FORMAT;
    }
    if (hdr[WCAP_HDR_SIZE] != WCAP_HEADER_SIZE || wcap_rd32(hdr + WCAP_HDR_RESERVED) != 0u || mlen == 0u) {
        return WCAP_E_LDR_HEADER;
    }
    if (mlen > WCAP_MANIFEST_MAX) {
        return WCAP_E_LDR_MANIFEST_SIZE;
    }
    out->manifest_len = mlen;
    out->payload_len = wcap_rd32(hdr + WCAP_HDR_PAYLOAD_LEN);
    return WCAP_OK;
}
