# Included by compiler/CMakeLists.txt: the device commands use the frame layer
# of device/ (COBS, CRC-32) and the generated device.pb.c (in wcap_proto).
target_link_libraries(wcap PRIVATE wcap_frame)
# CoAP (coap_client.c): libcoap 3, notls flavour (Debian libcoap3-dev).
find_package(PkgConfig REQUIRED)
pkg_check_modules(WCAPC_COAP REQUIRED IMPORTED_TARGET libcoap-3-notls)
target_link_libraries(wcap PRIVATE PkgConfig::WCAPC_COAP)
