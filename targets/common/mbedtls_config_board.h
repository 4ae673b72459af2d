/*
 * mbedtls 2.28 configuration for the board firmware (used unless the loader
 * provides loader/mbedtls_config_device.h): exactly what blob verification
 * needs -- SHA-256, bignum, ECP with NIST P-256 only, ECDSA verify -- and
 * nothing else (no pk, pem, x509, entropy, RNG, TLS).
 *
 * Dynamic memory: bignum allocates its limbs, so mbedtls gets a bounded static
 * pool (MBEDTLS_MEMORY_BUFFER_ALLOC_C, set up by targets/common/crypto_heap.c);
 * the firmware itself never calls malloc.
 */
#ifndef WCAP_MBEDTLS_CONFIG_BOARD_H
#define WCAP_MBEDTLS_CONFIG_BOARD_H

/* System */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C

/* Modules */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_NO_INTERNAL_RNG /* verification only: no secret to blind */
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ASN1_PARSE_C  /* required by ECDSA_C; unused code is dropped at link */
#define MBEDTLS_ASN1_WRITE_C

/* Sizes: P-256 only, small windows (RAM over speed) */
#define MBEDTLS_MPI_WINDOW_SIZE        2
#define MBEDTLS_MPI_MAX_SIZE           64
#define MBEDTLS_ECP_MAX_BITS           256
#define MBEDTLS_ECP_WINDOW_SIZE        2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM  0

#include "mbedtls/check_config.h"

#endif /* WCAP_MBEDTLS_CONFIG_BOARD_H */
