/*
 * The bounded memory pool mbedtls allocates its bignum limbs from
 * (MBEDTLS_MEMORY_BUFFER_ALLOC_C). Set up once at boot, before the first
 * signature check. Verifying one P-256 signature peaks well below the pool
 * size (measured figures in docs/porting.md).
 */
#include <stdint.h>

#include "crypto_heap.h"
#include "mbedtls/memory_buffer_alloc.h"

static unsigned char crypto_pool[WCAP_FW_CRYPTO_POOL];

void wcap_fw_crypto_init(void)
{
    mbedtls_memory_buffer_alloc_init(crypto_pool, sizeof crypto_pool);
}
