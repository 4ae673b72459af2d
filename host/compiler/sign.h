/*
 * Signed blobs from their parts (docs/blob-format.md): header || manifest ||
 * signature block || payload, the signature over header || manifest. Used by
 * `wcap build` (emit.c) and by `wcap push --bump`, which re-signs a built blob
 * with another version. Host C11.
 */
#ifndef WCAPC_SIGN_H
#define WCAPC_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Errors of both functions (they write a one-line reason to err). */
#define WCAPC_SIGN_OOM (-1)   /* out of memory */
#define WCAPC_SIGN_KEY (-2)   /* the key cannot be read or cannot sign */
#define WCAPC_SIGN_BLOB (-3)  /* (resign) the blob does not parse */
#define WCAPC_SIGN_LIMIT (-4) /* (resign) the manifest no longer fits */

/* Appends the signed blob of manifest man[0..man_len) and payload to `out`
 * (empty on entry), signed with the private key in PEM file `key`. 0 or an error. */
int wcapc_sign_assemble(const uint8_t *man, size_t man_len, const uint8_t *payload, size_t payload_len, const char *key,
                        wcapc_buf_t *out, char *err, size_t errcap);

/* The blob data[0..len) with manifest.version = `version`, signed with `key`,
 * into `out` (empty on entry). Everything else (payload, natives, exports,
 * limits) is kept. The old signature is not checked: the device checks the new one. */
int wcapc_sign_resign(const uint8_t *data, size_t len, uint32_t version, const char *key, wcapc_buf_t *out, char *err,
                      size_t errcap);

#endif /* WCAPC_SIGN_H */
