# Included by compiler/CMakeLists.txt: the device commands use the frame layer
# of device/ (COBS, CRC-32) and the generated device.pb.c (in wcap_proto).
# host/common: the clients file and its identity/key rules (cred.c,
# cmd_client_key.c), wcap_write_all.
target_link_libraries(wcap PRIVATE wcap_frame wcap_host_common)
# CoAP (coap_client.c): libcoap 3, GnuTLS flavour for coaps:// (DTLS-PSK), the
# same library as wcapd and Debian's coap-client-gnutls (Debian libcoap3-dev).
find_package(PkgConfig REQUIRED)
pkg_check_modules(WCAPC_COAP REQUIRED IMPORTED_TARGET libcoap-3-gnutls)
target_link_libraries(wcap PRIVATE PkgConfig::WCAPC_COAP)
