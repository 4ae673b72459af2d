/* mbedtls' memory pool on the boards (crypto_heap.c). */
#ifndef WCAP_CRYPTO_HEAP_H
#define WCAP_CRYPTO_HEAP_H

#ifndef WCAP_FW_CRYPTO_POOL
#define WCAP_FW_CRYPTO_POOL 6144 /* bytes */
#endif

/* Hands the pool to mbedtls; call once before any verification. */
void wcap_fw_crypto_init(void);

#endif /* WCAP_CRYPTO_HEAP_H */
