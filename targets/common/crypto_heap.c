/*
 * The bounded memory pool mbedtls allocates its bignum limbs from
 * (MBEDTLS_MEMORY_BUFFER_ALLOC_C). Set up once at boot, before the first
 * signature check. Verifying one P-256 signature peaks well below the pool
 * size (measured figures in docs/porting.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto_heap.h"
#include "mbedtls/memory_buffer_alloc.h"

static unsigned char crypto_pool[WCAP_FW_CRYPTO_POOL];

#define PAINT_FROM 64u /* past the allocator's first block header */
#define PAINT 0xA5u

void wcap_fw_crypto_init(void)
{
    mbedtls_memory_buffer_alloc_init(crypto_pool, sizeof crypto_pool);
    /* Blocks are zeroed on allocation and zeroised on free, so bytes still
     * painted afterwards were never used (wcap_fw_crypto_peak). */
    memset(crypto_pool + PAINT_FROM, PAINT, sizeof crypto_pool - PAINT_FROM);
}

size_t wcap_fw_crypto_peak(void)
{
    size_t n = sizeof crypto_pool;
    while (n > PAINT_FROM && crypto_pool[n - 1] == PAINT)
        n--;
    return n;
}
