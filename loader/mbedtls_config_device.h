/*
 * mbedtls 2.28 configuration for a device build of the loader: exactly what
 * verify.c and stream.c use (SHA-256, bignum, ECP with P-256, ECDSA verify).
 * No pk, pem, x509, cipher, RNG. Use with -DMBEDTLS_CONFIG_FILE='"mbedtls_config_device.h"'
 * and compile these library files: sha256.c bignum.c ecp.c ecp_curves.c
 * ecdsa.c platform_util.c constant_time.c memory_buffer_alloc.c platform.c
 * (asn1parse.c / asn1write.c only satisfy ecdsa.c's references from the DER
 * helpers the loader never calls; link with --gc-sections and they go away).
 *
 * Bignum arithmetic needs dynamic memory: mbedtls' buffer allocator carves it
 * from a static array the board hands over once at boot with
 * mbedtls_memory_buffer_alloc_init(buf, len). One P-256 verify peaks below
 * 3 KB with these settings (MBEDTLS_ECP_WINDOW_SIZE 2, no fixed-point table).
 */
#ifndef WCAP_MBEDTLS_CONFIG_DEVICE_H
#define WCAP_MBEDTLS_CONFIG_DEVICE_H

/* Platform: no OS, no libc heap, no entropy source. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_HAVE_ASM

/* Hashing: SHA-256 only, the small (loop, not unrolled) implementation. */
#define MBEDTLS_SHA256_C
#define MBEDTLS_MD_C /* HMAC-SHA256 of authenticated requests (device/auth.c) */
#define MBEDTLS_SHA256_SMALLER

/* Public-key: ECDSA verification on P-256. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
/* Verification handles public data only: no blinding RNG needed. */
#define MBEDTLS_ECP_NO_INTERNAL_RNG
/* ecdsa.c's DER helpers (unused by the loader) require these to compile. */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C

/* Size over speed: small windows, no precomputed comb table. */
#define MBEDTLS_MPI_WINDOW_SIZE 2
#define MBEDTLS_MPI_MAX_SIZE 32
#define MBEDTLS_ECP_MAX_BITS 256
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0

/* DTLS 1.2 with pre-shared keys for the boards' CoAP (WCAP_FW_DTLS, set for
 * every source of a firmware built with the network: targets/common/net/dtls.c).
 * TLS_PSK_WITH_AES_128_CCM_8 (RFC 7252's mandatory suite for PSK) and
 * TLS_PSK_WITH_AES_128_CCM; HelloVerifyRequest cookies, the replay window. */
#if defined(WCAP_FW_DTLS) && WCAP_FW_DTLS
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_AES_FEWER_TABLES
#define MBEDTLS_CCM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_DTLS
#define MBEDTLS_SSL_DTLS_ANTI_REPLAY
#define MBEDTLS_SSL_DTLS_HELLO_VERIFY
#define MBEDTLS_SSL_COOKIE_C
#define MBEDTLS_KEY_EXCHANGE_PSK_ENABLED
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_CIPHERSUITES MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8, MBEDTLS_TLS_PSK_WITH_AES_128_CCM
#define MBEDTLS_SSL_IN_CONTENT_LEN 1152 /* WCAP_COAP_DATAGRAM_MAX: a 1024-byte block and its header */
#define MBEDTLS_SSL_OUT_CONTENT_LEN 1152
#define MBEDTLS_SSL_DTLS_MAX_BUFFERING 2048
#endif

#include "mbedtls/check_config.h"

#endif /* WCAP_MBEDTLS_CONFIG_DEVICE_H */
