/*
 * Roles, client lookup and the request MAC of wcap/dev/auth.h: the part of
 * authentication that host and device share byte for byte.
 */
#include <string.h>

#include "mbedtls/constant_time.h"
#include "mbedtls/md.h"
#include "mbedtls/platform_util.h"
#include "wcap/dev/auth.h"

static const char mac_label[] = "wcap-auth-1";

static const char *const role_names[] = {"none", "reader", "admin"};

int wcap_auth_role_parse(const char *name)
{
    for (int r = WCAP_ROLE_READER; r <= WCAP_ROLE_ADMIN; r++)
        if (strcmp(name, role_names[r]) == 0)
            return r;
    return -1;
}

const char *wcap_auth_role_name(int role)
{
    return role >= 0 && role <= WCAP_ROLE_ADMIN ? role_names[role] : "?";
}

int wcap_auth_find(const wcap_auth_client_t *clients, size_t n, const char *identity, size_t len)
{
    int found = -1;
    for (size_t i = 0; i < n; i++) {
        const char *id = clients[i].identity;
        if (strlen(id) == len && memcmp(id, identity, len) == 0 && found < 0)
            found = (int)i;
    }
    return found;
}

int wcap_auth_mac(const uint8_t *key, size_t key_len, const uint8_t nonce[WCAP_AUTH_NONCE_SIZE], uint32_t counter,
                  const uint8_t *msg, size_t len, uint8_t mac[WCAP_AUTH_MAC_SIZE])
{
    const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    uint8_t ctr[4] = {(uint8_t)counter, (uint8_t)(counter >> 8), (uint8_t)(counter >> 16), (uint8_t)(counter >> 24)};
    uint8_t full[32];
    mbedtls_md_context_t ctx;
    int rc = -1;

    if (md == NULL || len > 256)
        return -1;
    mbedtls_md_init(&ctx);
    if (mbedtls_md_setup(&ctx, md, 1) == 0 && mbedtls_md_hmac_starts(&ctx, key, key_len) == 0 &&
        mbedtls_md_hmac_update(&ctx, (const uint8_t *)mac_label, sizeof mac_label - 1) == 0 &&
        mbedtls_md_hmac_update(&ctx, nonce, WCAP_AUTH_NONCE_SIZE) == 0 &&
        mbedtls_md_hmac_update(&ctx, ctr, sizeof ctr) == 0 && mbedtls_md_hmac_update(&ctx, msg, len) == 0 &&
        mbedtls_md_hmac_finish(&ctx, full) == 0) {
        memcpy(mac, full, WCAP_AUTH_MAC_SIZE);
        rc = 0;
    }
    mbedtls_md_free(&ctx); /* wipes the keyed pads */
    mbedtls_platform_zeroize(full, sizeof full);
    return rc;
}

/* Request.auth (field 15, length-delimited, 23 bytes): fixed32 counter
 * (field 1) then 16 bytes of mac (field 2). */
static const uint8_t trailer_tags[] = {0x7A, 0x17, 0x0D};
#define TRAILER_MAC_TAG 7u /* offset of 0x12 0x10 */

void wcap_auth_trailer_write(uint8_t out[WCAP_AUTH_TRAILER_SIZE], uint32_t counter,
                             const uint8_t mac[WCAP_AUTH_MAC_SIZE])
{
    memcpy(out, trailer_tags, sizeof trailer_tags);
    for (int i = 0; i < 4; i++)
        out[3 + i] = (uint8_t)(counter >> (8 * i));
    out[TRAILER_MAC_TAG] = 0x12;
    out[TRAILER_MAC_TAG + 1] = WCAP_AUTH_MAC_SIZE;
    memcpy(out + TRAILER_MAC_TAG + 2, mac, WCAP_AUTH_MAC_SIZE);
}

int wcap_auth_trailer_read(const uint8_t *payload, size_t len, uint32_t *counter, const uint8_t **mac)
{
    if (len < WCAP_AUTH_TRAILER_SIZE)
        return -1;
    const uint8_t *t = payload + len - WCAP_AUTH_TRAILER_SIZE;
    if (memcmp(t, trailer_tags, sizeof trailer_tags) != 0 || t[TRAILER_MAC_TAG] != 0x12 ||
        t[TRAILER_MAC_TAG + 1] != WCAP_AUTH_MAC_SIZE)
        return -1;
    *counter = (uint32_t)t[3] | (uint32_t)t[4] << 8 | (uint32_t)t[5] << 16 | (uint32_t)t[6] << 24;
    *mac = t + TRAILER_MAC_TAG + 2;
    return 0;
}

int wcap_auth_mac_equal(const uint8_t *a, const uint8_t *b)
{
    return mbedtls_ct_memcmp(a, b, WCAP_AUTH_MAC_SIZE) == 0;
}
