/*
 * compiler.verify_byteflip: every single-byte change of a signed blob, every
 * truncation, and a blob checked against another key must be rejected by
 * wcapc_blob_verify (the library function behind `wcap verify`); the intact
 * blob with the right key must pass.
 * usage: byteflip BLOB PUB OTHER_PUB
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "keys.h"
#include "util.h"

int main(int argc, char **argv)
{
    uint8_t *blob, pub[WCAP_PUBKEY_SIZE], other[WCAP_PUBKEY_SIZE];
    size_t len;
    char err[512];
    if (argc != 4 || wcapc_read_file(argv[1], 1u << 24, &blob, &len) || wcapc_load_pub(argv[2], pub, err, sizeof err) ||
        wcapc_load_pub(argv[3], other, err, sizeof err)) {
        fprintf(stderr, "usage: byteflip BLOB PUB OTHER_PUB (%s)\n", err);
        return 2;
    }
    int failures = 0;
    if (wcapc_blob_verify(blob, len, pub, err, sizeof err)) {
        fprintf(stderr, "FAIL: intact blob rejected: %s\n", err);
        failures++;
    }
    if (!wcapc_blob_verify(blob, len, other, err, sizeof err)) {
        fprintf(stderr, "FAIL: blob accepted with another key\n");
        failures++;
    }
    static const char *const prefix[4] = {"", "signed by another key", "bad signature", "payload digest mismatch"};
    static const uint8_t masks[2] = {0xFF, 0x01}; /* the whole byte, and its lowest bit */
    unsigned reasons[4] = {0};                    /* structure, key id, signature, digest */
    for (size_t i = 0; i < len; i++) {
        for (unsigned m = 0; m < 2; m++) {
            blob[i] ^= masks[m];
            if (!wcapc_blob_verify(blob, len, pub, err, sizeof err)) {
                fprintf(stderr, "FAIL: flipping byte %zu with 0x%02x was not detected\n", i, masks[m]);
                failures++;
            } else {
                unsigned r = 0;
                for (unsigned k = 1; k < 4; k++)
                    if (!strncmp(err, prefix[k], strlen(prefix[k])))
                        r = k;
                reasons[r]++;
            }
            blob[i] ^= masks[m];
        }
    }
    for (size_t n = 0; n < len; n++)
        if (!wcapc_blob_verify(blob, n, pub, err, sizeof err)) {
            fprintf(stderr, "FAIL: blob truncated to %zu bytes accepted\n", n);
            failures++;
        }
    printf("%zu-byte blob: %zu byte flips and %zu truncations rejected (by structure %u, key id %u, "
           "signature %u, payload digest %u); other key rejected\n",
           len, 2 * len, len, reasons[0], reasons[1], reasons[2], reasons[3]);
    free(blob);
    return failures ? 1 : 0;
}
