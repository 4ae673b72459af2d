/*
 * Every error code of the device side (loader, runtime, device service), one
 * list, each a distinct negative number with one message (wcap_strerror).
 * Ranges: loader -0x100.., runtime -0x200.., device service -0x300..,
 * the boards' network and CoAP server -0x400.., flash store -0x500..-0x51F
 * Add new codes at the end of a range; never renumber (they go over the wire).
 */
#ifndef WCAP_ERRORS_H
#define WCAP_ERRORS_H

#define WCAP_ERRORS(X)                                                                                        \
    X(WCAP_OK, 0, "ok")                                                                                       \
    /* loader: stream and header */                                                                           \
    X(WCAP_E_LDR_STATE, -0x101, "loader call out of order")                                                   \
    X(WCAP_E_LDR_MAGIC, -0x102, "not a wcap blob (bad magic)")                                                \
    X(WCAP_E_LDR_FORMAT, -0x103, "unsupported blob format version")                                           \
    X(WCAP_E_LDR_HEADER, -0x104, "malformed blob header")                                                     \
    X(WCAP_E_LDR_MANIFEST_SIZE, -0x105, "manifest too large")                                                 \
    X(WCAP_E_LDR_TRUNCATED, -0x106, "blob truncated")                                                         \
    X(WCAP_E_LDR_TRAILING, -0x107, "bytes after the end of the blob")                                         \
    /* loader: authenticity */                                                                                \
    X(WCAP_E_LDR_UNTRUSTED_KEY, -0x110, "signed by an untrusted key")                                         \
    X(WCAP_E_LDR_SIGNATURE, -0x111, "bad signature")                                                          \
    X(WCAP_E_LDR_DIGEST, -0x112, "payload digest mismatch")                                                   \
    X(WCAP_E_LDR_CRYPTO, -0x113, "crypto library failure")                                                    \
    /* loader: manifest and policy */                                                                         \
    X(WCAP_E_LDR_MANIFEST, -0x120, "malformed manifest")                                                      \
    X(WCAP_E_LDR_NAME, -0x121, "invalid capsule name")                                                        \
    X(WCAP_E_LDR_TARGET, -0x122, "target mismatch")                                                           \
    X(WCAP_E_LDR_ABI, -0x123, "runtime ABI version mismatch")                                                 \
    X(WCAP_E_LDR_ROLLBACK, -0x124, "version not newer than the installed one")                                \
    X(WCAP_E_LDR_CAPS, -0x125, "capability not granted")                                                      \
    X(WCAP_E_LDR_MEMORY, -0x126, "memory budget exceeded")                                                    \
    X(WCAP_E_LDR_NO_SPACE, -0x127, "not enough free capsule RAM")                                             \
    X(WCAP_E_LDR_STACK, -0x128, "stack budget exceeds the device limit")                                      \
    X(WCAP_E_LDR_LAYOUT, -0x129, "inconsistent section sizes")                                                \
    /* loader: link */                                                                                        \
    X(WCAP_E_LDR_IMPORT, -0x130, "unknown import symbol")                                                     \
    X(WCAP_E_LDR_IMPORT_UNAVAIL, -0x131, "import not available on this device")                               \
    X(WCAP_E_LDR_RELOC_KIND, -0x132, "relocation kind not supported on this architecture")                    \
    X(WCAP_E_LDR_RELOC_OFFSET, -0x133, "relocation outside the image")                                        \
    X(WCAP_E_LDR_RELOC_RANGE, -0x134, "relocation target out of range")                                       \
    X(WCAP_E_LDR_RELOC_SYM, -0x135, "relocation symbol index out of range")                                   \
    X(WCAP_E_LDR_ENTRY, -0x136, "invalid capsule descriptor")                                                 \
    X(WCAP_E_LDR_INIT_TRAP, -0x137, "capsule trapped during instantiation")                                   \
    X(WCAP_E_LDR_RELOC_INSN, -0x138, "relocation does not patch the expected instruction")                    \
    X(WCAP_E_LDR_RELOC_LEB, -0x139, "overlong or non-canonical number in the relocation table")               \
    X(WCAP_E_LDR_RELOC_TRUNC, -0x13A, "relocation table ends inside a record")                                \
    X(WCAP_E_LDR_RELOC_COUNT, -0x13B, "relocation table holds fewer records than the manifest says")          \
    X(WCAP_E_LDR_RELOC_EXTRA, -0x13C, "bytes after the last relocation record")                               \
    X(WCAP_E_LDR_ON_TRAP, -0x13D, "unknown on-trap policy in the manifest")                                   \
    X(WCAP_E_LDR_ENGINE, -0x13E, "interpreted capsule, but this device has no interpreter")                   \
    /* loader: interpreted images (interp/, docs/interpreter.md) */                                           \
    X(WCAP_E_IX_FORMAT, -0x140, "interpreted image: malformed header or section bounds")                      \
    X(WCAP_E_IX_INDEX, -0x141,                                                                                \
      "interpreted image: index out of range (function, type, local, global, table, segment)")                \
    X(WCAP_E_IX_OPCODE, -0x142, "interpreted image: unknown opcode or instruction past the function end")     \
    X(WCAP_E_IX_BRANCH, -0x143, "interpreted image: branch target or block structure invalid")                \
    X(WCAP_E_IX_STACK, -0x144, "interpreted image: operand stack height invalid")                             \
    X(WCAP_E_IX_NESTING, -0x145, "interpreted image: blocks nested too deeply for this device")               \
    X(WCAP_E_IX_IMPORT_SIG, -0x146, "interpreted image: import signature not supported by the interpreter")   \
    X(WCAP_E_IX_INSTANCE, -0x147, "interpreted image: instance_size too small for its state")                 \
    X(WCAP_E_IX_EXPORT, -0x148, "interpreted image: export signature does not match its function")            \
    /* loader: natives (host functions by name, wcap/natives.h) */                                            \
    X(WCAP_E_LDR_NATIVE_MISSING, -0x150, "device lacks host function")                                        \
    X(WCAP_E_LDR_NATIVE_SIG, -0x151, "host function signature differs")                                       \
    X(WCAP_E_LDR_NATIVE_UNDECLARED, -0x152, "host function not declared")                                     \
    /* runtime */                                                                                             \
    X(WCAP_E_RT_TRAP, -0x201, "capsule trapped")                                                              \
    X(WCAP_E_RT_NO_EXPORT, -0x202, "no such export")                                                          \
    X(WCAP_E_RT_ARGS, -0x203, "wrong number or type of arguments")                                            \
    X(WCAP_E_RT_BUSY, -0x204, "capsule is already running")                                                   \
    X(WCAP_E_RT_ARENA, -0x205, "arena exhausted")                                                             \
    X(WCAP_E_RT_FUNC_TYPES, -0x206, "function type table full")                                               \
    X(WCAP_E_RT_BAD_ARG, -0x207, "invalid argument")                                                          \
    X(WCAP_E_RT_NO_STACK_PEAK, -0x208, "stack painting not compiled in (WCAP_RT_STACK_PEAK=0)")               \
    X(WCAP_E_RT_NATIVES, -0x209, "invalid natives table (ids, capability, names or signature)")               \
    /* device service */                                                                                      \
    X(WCAP_E_DEV_FRAME, -0x301, "malformed frame")                                                            \
    X(WCAP_E_DEV_CRC, -0x302, "frame CRC mismatch")                                                           \
    X(WCAP_E_DEV_MSG, -0x303, "malformed message")                                                            \
    X(WCAP_E_DEV_NOT_FOUND, -0x304, "no such capsule")                                                        \
    X(WCAP_E_DEV_SLOTS, -0x305, "no free capsule slot")                                                       \
    X(WCAP_E_DEV_SEQUENCE, -0x306, "upload chunk out of sequence")                                            \
    X(WCAP_E_DEV_NO_UPLOAD, -0x307, "no upload in progress")                                                  \
    X(WCAP_E_DEV_STORE, -0x308, "capsule store failure")                                                      \
    X(WCAP_E_DEV_UNSUPPORTED, -0x309, "command not supported")                                                \
    X(WCAP_E_DEV_STOPPED, -0x30A, "capsule is stopped")                                                       \
    X(WCAP_E_DEV_NAME, -0x30B, "blob name differs from the upload's name")                                    \
    X(WCAP_E_DEV_SIZE, -0x30C, "upload size does not match the blob")                                         \
    X(WCAP_E_DEV_ARGS, -0x30D, "too many arguments or results for the protocol")                              \
    X(WCAP_E_DEV_INIT, -0x30E, "the new capsule's init export failed; the old version stays")                 \
    X(WCAP_E_DEV_AUTH_REQUIRED, -0x30F, "authentication required (--identity, --psk-file)")                   \
    X(WCAP_E_DEV_FORBIDDEN, -0x310, "the client's role does not allow this")                                  \
    X(WCAP_E_DEV_AUTH_UNKNOWN, -0x311, "unknown client identity")                                             \
    X(WCAP_E_DEV_AUTH_MAC, -0x312, "authentication failed (wrong key, or no AuthBegin)")                      \
    X(WCAP_E_DEV_REPLAY, -0x313, "replayed authenticated request refused")                                    \
    X(WCAP_E_DEV_RESTART, -0x314, "capsule restart after a trap failed; it stays stopped")                    \
    X(WCAP_E_DEV_LOG_SIZE, -0x315, "log ring buffer smaller than one record")                                 \
    /* the boards' network and CoAP server (device/coap_srv.c, targets/common/net/) */                        \
    X(WCAP_E_NET_COAP_MSG, -0x400, "malformed CoAP message")                                                  \
    X(WCAP_E_NET_COAP_OPTION, -0x401, "unsupported critical CoAP option")                                     \
    X(WCAP_E_NET_NO_RESOURCE, -0x402, "no such resource")                                                     \
    X(WCAP_E_NET_METHOD, -0x403, "method not allowed on this resource")                                       \
    X(WCAP_E_NET_BLOCK_SEQ, -0x404, "block does not continue a body in progress")                             \
    X(WCAP_E_NET_TOO_LARGE, -0x405, "request body larger than the device accepts")                            \
    X(WCAP_E_NET_NO_SIZE1, -0x406, "block-wise upload without Size1 (total size)")                            \
    X(WCAP_E_NET_BLOCK_SIZE, -0x407, "block size changed or invalid in a block-wise upload")                  \
    X(WCAP_E_NET_ARGS, -0x408, "arguments do not fit the export's signature")                                 \
    X(WCAP_E_NET_ETH, -0x409, "Ethernet controller not found or not ready")                                   \
    X(WCAP_E_NET_DTLS, -0x40A, "DTLS set-up failed (crypto pool too small?)")                                 \
    X(WCAP_E_NET_LOG_SINCE, -0x40B, "GET /log takes ?since=N, N a decimal number 0..4294967295")              \
    X(WCAP_E_NET_NO_LOG, -0x40C, "this device keeps no log of its capsules' output")                          \
    /* flash store (device/store_flash.c, docs/flash-store.md) */                                             \
    X(WCAP_E_STORE_IO, -0x500, "flash store: the flash driver reported a read or program error")              \
    X(WCAP_E_STORE_ERASE, -0x501, "flash store: page erase failed (worn-out flash?)")                         \
    X(WCAP_E_STORE_VERIFY, -0x502, "flash store: programmed data did not read back")                          \
    X(WCAP_E_STORE_FULL, -0x503, "flash store: full (live records do not fit in a bank)")                     \
    X(WCAP_E_STORE_RECORDS, -0x504, "flash store: record index full")                                         \
    X(WCAP_E_STORE_CORRUPT, -0x505, "flash store: corrupted contents, store locked (no writes, floors kept)") \
    X(WCAP_E_STORE_FLOOR, -0x506, "flash store: a floor record can only be raised, never lowered or erased")  \
    X(WCAP_E_STORE_GEOMETRY, -0x507, "flash store: unusable flash geometry")                                  \
    X(WCAP_E_STORE_STATE, -0x508, "flash store: call out of order (write open or not open)")                  \
    X(WCAP_E_STORE_NAME, -0x509, "flash store: invalid record name")

enum wcap_err {
#define WCAP_ERR_ENUM(name, val, msg) name = val,
    WCAP_ERRORS(WCAP_ERR_ENUM)
#undef WCAP_ERR_ENUM
        WCAP_E_LAST_ = -0x5FF
};

/* The message for a code; "unknown error" for a code not in the list. */
const char *wcap_strerror(int code);

#endif /* WCAP_ERRORS_H */
