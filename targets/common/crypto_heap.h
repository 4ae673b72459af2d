/* mbedtls' memory pool on the boards (crypto_heap.c). */
#ifndef WCAP_CRYPTO_HEAP_H
#define WCAP_CRYPTO_HEAP_H

#include <stddef.h>

#ifndef WCAP_FW_CRYPTO_POOL
#define WCAP_FW_CRYPTO_POOL 4096 /* bytes; one P-256 verify peaks near 3 KB */
#endif

/* Hands the pool to mbedtls; call once before any verification. */
void wcap_fw_crypto_init(void);

/* High-water mark of the pool in bytes since init (for measurements). */
size_t wcap_fw_crypto_peak(void);

#endif /* WCAP_CRYPTO_HEAP_H */
