# fw_crypto: the mbedtls 2.28 modules blob verification and request
# authentication (md: HMAC-SHA256) need, compiled from
# the Debian source package in ${WCAP_DEPS_DIR} (never copied into git) with
# the device config (MBEDTLS_CONFIG_FILE, see CMakeLists.txt).
set(_mbedtls_modules sha256 md bignum ecp ecp_curves ecdsa asn1parse asn1write
                     platform platform_util constant_time memory_buffer_alloc)
set(_mbedtls_srcs "")
foreach(m ${_mbedtls_modules})
  list(APPEND _mbedtls_srcs ${MBEDTLS_DIR}/library/${m}.c)
endforeach()
add_library(fw_crypto STATIC ${_mbedtls_srcs} ${COMMON}/crypto_heap.c)
# Third-party code: same warnings, but the library's own style (unused
# parameters in stubs) is not ours to change.
target_compile_options(fw_crypto PRIVATE -Wno-unused-parameter)
target_include_directories(fw_crypto PRIVATE ${MBEDTLS_DIR}/library)
