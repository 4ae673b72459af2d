# The portable C99 components of wcap and their sources: the one list, read by
# the host build (wcap_<component> libraries, linked by wcapd, the tools and
# the tests) and by every board's cross build (targets/common/CMakeLists.txt,
# fw_<component>), so a file added here is in both. Layers, bottom first; each
# uses only those before it (docs/architecture.md):
#   format    blob format, relocation codec, capsule ABI, symbol table shape,
#             error codes, capsule-name rule, target ids: what host and device share
#   runtime   runtime_lib: linear memory, traps, host API, symbol table
#   loader    verify, place, relocate, link, instantiate
#   interp    the interpreter engine the loader can hand a blob to
#   device    the device service: frames, authentication, slots, uploads, calls
# Paths are relative to the source root (WCAP_ROOT).

set(wcap_format_sources format/src/errors.c format/src/capsule_name.c format/src/targets.c
  format/src/blob_header.c)
set(wcap_format_includes format/include)
set(wcap_format_uses "")

set(wcap_runtime_sources
  runtime_lib/src/trap.c runtime_lib/src/init.c runtime_lib/src/functypes.c runtime_lib/src/memory.c
  runtime_lib/src/call.c runtime_lib/src/host_api.c runtime_lib/src/wasi.c runtime_lib/src/symtab.c runtime_lib/src/near_libc.c
  runtime_lib/src/rt_libm.c runtime_lib/src/heap.c runtime_lib/src/stack_peak.c runtime_lib/src/natives.c)
set(wcap_runtime_includes runtime_lib/include)
set(wcap_runtime_uses format)

set(wcap_loader_sources
  loader/src/stream.c loader/src/verify.c loader/src/manifest.c loader/src/link.c loader/src/finish.c
  loader/src/restart.c loader/src/link_natives.c loader/src/arch/select.c loader/src/arch/reloc_x86_64.c loader/src/arch/reloc_arm.c
  loader/src/arch/reloc_riscv32.c loader/src/arch/reloc_xtensa.c)
set(wcap_loader_includes loader/include)
set(wcap_loader_uses runtime format)

set(wcap_interp_sources
  interp/src/format.c interp/src/validate.c interp/src/instance.c interp/src/exec.c interp/src/exec_bulk.c
  interp/src/hostcall.c)
set(wcap_interp_includes interp/include)
set(wcap_interp_uses loader runtime format)

# The frame layer (framing, CRC, COBS, request authentication) is also what the
# host client speaks, so it is its own component.
set(wcap_frame_sources device/crc32.c device/cobs.c device/frame.c device/auth.c)
set(wcap_frame_includes device/include)
set(wcap_frame_uses format)

set(wcap_device_sources
  device/reply.c device/slots.c device/state.c device/access.c device/calls.c device/hooks.c
  device/recover.c device/lifecycle.c device/upload.c device/cmd_capsules.c device/service.c
  device/store_ram.c device/store_flash.c device/log_ring.c)
set(wcap_device_includes device/include)
set(wcap_device_uses frame loader runtime format)

# The CoAP server of the boards (docs/coap.md): parsing, routing, Block1
# streaming into the device service, Block2 answers; no sockets, no IP.
set(wcap_coap_sources device/coap_srv.c)
set(wcap_coap_includes device/include)
set(wcap_coap_uses device frame loader runtime format)

# The nanopb messages (proto/*.proto), generated at build time into one directory.
set(wcap_proto_messages manifest device)

# wcap_component_sources(OUT component): absolute paths of a component's sources.
function(wcap_component_sources out component)
  if(NOT DEFINED wcap_${component}_sources)
    message(FATAL_ERROR "wcap: no component '${component}' (cmake/components.cmake)")
  endif()
  list(TRANSFORM wcap_${component}_sources PREPEND ${WCAP_ROOT}/ OUTPUT_VARIABLE srcs)
  set(${out} ${srcs} PARENT_SCOPE)
endfunction()

# wcap_add_component(TARGET component [extra sources...]): a static library of
# the component, C99 without extensions, whose include directory is public and
# which links the libraries of the components it uses, named PREFIX<component>
# (PREFIX: the variable WCAP_COMPONENT_PREFIX, "wcap_" on the host, "fw_" on boards).
function(wcap_add_component target component)
  wcap_component_sources(srcs ${component})
  add_library(${target} STATIC ${srcs} ${ARGN})
  list(TRANSFORM wcap_${component}_includes PREPEND ${WCAP_ROOT}/ OUTPUT_VARIABLE incs)
  target_include_directories(${target} PUBLIC ${incs})
  set_target_properties(${target} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  foreach(u ${wcap_${component}_uses})
    target_link_libraries(${target} PUBLIC ${WCAP_COMPONENT_PREFIX}${u})
  endforeach()
endfunction()
