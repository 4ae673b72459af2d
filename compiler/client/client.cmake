# Included by compiler/CMakeLists.txt: the device commands use the frame layer
# of device/ (COBS, CRC-32) and the generated device.pb.c (in wcap_proto).
target_link_libraries(wcap PRIVATE wcap_frame)
