# sdk/capsule.cmake: build capsules (C -> .wasm) and package them (.wasm -> signed .wcap).
#
#   include(${WCAP_ROOT}/sdk/capsule.cmake)
#   wcap_add_capsule(NAME SOURCES a.c ... [MEMORY_MAX bytes] [STACK bytes] [CAPS cap ...]
#                    [EXPORTS name ...] [CFLAGS flag ...] [EXCLUDE_FROM_ALL])
#       -> ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm, custom target wasm_NAME
#   wcap_sign_capsule(NAME TARGET t [OUTPUT file.wcap] [VERSION v])
#       -> runs `wcap build` with the dev key; custom target wcap_NAME_t
#
# The toolchain is pinned (docs/capsule-sdk.md): clang-14 compiles each source
# with --target=wasm32-wasi against Debian's wasi-libc headers, and wasm-ld-14 is
# called directly (never through the clang driver), so binaryen's wasm-opt is
# never run, whether it is on PATH or not. After linking, check_capsule.cmake
# refuses the module when it imports anything but the host API of module "wcap",
# when the exports differ from EXPORTS, or when its data and stack do not fit
# MEMORY_MAX. sdk/reactor.c is linked into every capsule (see there why).

# No include guard: every directory that includes this file gets the variables
# below in its own scope (functions are global in CMake anyway).
set(WCAP_SDK_DIR ${CMAKE_CURRENT_LIST_DIR})
find_program(WCAP_CLANG clang-14 REQUIRED)
find_program(WCAP_WASM_LD wasm-ld-14 REQUIRED)
find_program(WCAP_WASM_OBJDUMP wasm-objdump REQUIRED)
set(WCAP_WASI_INCLUDE /usr/include/wasm32-wasi CACHE PATH "wasi-libc headers (Debian wasi-libc)")
set(WCAP_WASI_LIB /usr/lib/wasm32-wasi CACHE PATH "wasi-libc libraries (Debian wasi-libc)")
set(WCAP_CAPSULE_CFLAGS -O2 -Wall -Wextra -Werror -std=c11 -ffreestanding CACHE STRING
    "Flags for capsule sources")

set(WCAP_CAPSULE_TARGETS x86_64-posix cortex-m4 cortex-m33 rv32imac xtensa-lx106)
set(WCAP_CAPSULE_DEFAULT_MEMORY 16384)
set(WCAP_CAPSULE_DEFAULT_STACK 4096)

# wcap_add_capsule(NAME SOURCES ... [MEMORY_MAX b] [STACK b] [CAPS ...] [EXPORTS ...] [CFLAGS ...]
#                  [EXCLUDE_FROM_ALL])
function(wcap_add_capsule name)
  cmake_parse_arguments(A "EXCLUDE_FROM_ALL" "MEMORY_MAX;STACK" "SOURCES;CAPS;EXPORTS;CFLAGS" ${ARGN})
  if(NOT A_SOURCES)
    message(FATAL_ERROR "wcap_add_capsule(${name}): SOURCES is required")
  endif()
  if(NOT A_MEMORY_MAX)
    set(A_MEMORY_MAX ${WCAP_CAPSULE_DEFAULT_MEMORY})
  endif()
  if(NOT A_STACK)
    set(A_STACK ${WCAP_CAPSULE_DEFAULT_STACK})
  endif()
  if(A_STACK GREATER_EQUAL A_MEMORY_MAX)
    message(FATAL_ERROR "wcap_add_capsule(${name}): STACK ${A_STACK} >= MEMORY_MAX ${A_MEMORY_MAX}")
  endif()
  # Wasm memory is declared in whole 64 KiB pages; the device reserves only
  # MEMORY_MAX bytes of it (manifest mem_max), so one page is declared and the
  # build checks that data + stack stay below MEMORY_MAX.
  math(EXPR pages "(${A_MEMORY_MAX} + 65535) / 65536")
  math(EXPR mem_bytes "${pages} * 65536")

  set(objdir ${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm.obj)
  set(objs "")
  set(idx 0)
  foreach(src ${A_SOURCES} ${WCAP_SDK_DIR}/reactor.c)
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(base ${src} NAME_WE)
    math(EXPR idx "${idx} + 1")
    set(obj ${objdir}/${idx}_${base}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${objdir}
      COMMAND ${WCAP_CLANG} --target=wasm32-wasi -nostdlibinc -isystem ${WCAP_WASI_INCLUDE}
              -I${WCAP_SDK_DIR} ${WCAP_CAPSULE_CFLAGS} ${A_CFLAGS} -c ${abs} -o ${obj}
      DEPENDS ${abs} ${WCAP_SDK_DIR}/wcap.h
      COMMENT "capsule ${name}: clang-14 wasm32 ${base}.c"
      VERBATIM)
    list(APPEND objs ${obj})
  endforeach()

  set(exp_flags "")
  foreach(e ${A_EXPORTS})
    list(APPEND exp_flags --export=${e})
  endforeach()
  set(wasm ${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm)
  set(ld_flags --no-entry --stack-first -z stack-size=${A_STACK}
               --initial-memory=${mem_bytes} --max-memory=${mem_bytes} --strip-debug ${exp_flags})
  # The second link only exports __heap_base (end of stack + data + bss) for the check.
  add_custom_command(
    OUTPUT ${wasm}
    COMMAND ${WCAP_WASM_LD} ${ld_flags} ${objs} -L${WCAP_WASI_LIB} -lc -o ${wasm}.tmp
    COMMAND ${WCAP_WASM_LD} ${ld_flags} --export=__heap_base ${objs} -L${WCAP_WASI_LIB} -lc
            -o ${wasm}.heap
    COMMAND ${CMAKE_COMMAND} -DWASM=${wasm}.tmp -DHEAP_WASM=${wasm}.heap -DOBJDUMP=${WCAP_WASM_OBJDUMP}
            -DMEMORY_MAX=${A_MEMORY_MAX} "-DEXPORTS=${A_EXPORTS}"
            -P ${WCAP_SDK_DIR}/check_capsule.cmake
    COMMAND ${CMAKE_COMMAND} -E rm -f ${wasm}.heap
    COMMAND ${CMAKE_COMMAND} -E rename ${wasm}.tmp ${wasm}
    DEPENDS ${objs} ${WCAP_SDK_DIR}/check_capsule.cmake
    COMMENT "capsule ${name}: wasm-ld-14 + import check"
    VERBATIM)
  if(A_EXCLUDE_FROM_ALL)
    add_custom_target(wasm_${name} DEPENDS ${wasm})
  else()
    add_custom_target(wasm_${name} ALL DEPENDS ${wasm})
  endif()
  set_target_properties(wasm_${name} PROPERTIES
    WCAP_WASM ${wasm} WCAP_MEMORY_MAX ${A_MEMORY_MAX} WCAP_STACK ${A_STACK} WCAP_CAPS "${A_CAPS}")
endfunction()

# wcap_sign_capsule(NAME TARGET t [OUTPUT file.wcap] [VERSION v])
# Packages NAME.wasm for target t with `wcap build` and the dev key. OUTPUT
# defaults to ${CMAKE_BINARY_DIR}/examples/<t>/NAME.wcap.
function(wcap_sign_capsule name)
  cmake_parse_arguments(A "" "TARGET;OUTPUT;VERSION" "" ${ARGN})
  if(NOT A_TARGET)
    message(FATAL_ERROR "wcap_sign_capsule(${name}): TARGET is required")
  endif()
  if(NOT TARGET wasm_${name})
    message(FATAL_ERROR "wcap_sign_capsule(${name}): call wcap_add_capsule(${name} ...) first")
  endif()
  if(NOT TARGET wcap)
    message(WARNING "wcap_sign_capsule(${name}): the `wcap` tool target does not exist; not packaging")
    return()
  endif()
  if(NOT A_OUTPUT)
    set(A_OUTPUT ${CMAKE_BINARY_DIR}/examples/${A_TARGET}/${name}.wcap)
  endif()
  if(NOT A_VERSION)
    set(A_VERSION 1)
  endif()
  get_target_property(wasm wasm_${name} WCAP_WASM)
  get_target_property(memmax wasm_${name} WCAP_MEMORY_MAX)
  get_target_property(stack wasm_${name} WCAP_STACK)
  get_target_property(caps wasm_${name} WCAP_CAPS)
  set(cap_flags "")
  foreach(c ${caps})
    list(APPEND cap_flags --cap ${c})
  endforeach()
  set(key ${CMAKE_BINARY_DIR}/keys/dev.key)
  get_filename_component(outdir ${A_OUTPUT} DIRECTORY)
  # TARGET interp: the portable interpreted blob (docs/interpreter.md)
  if(A_TARGET STREQUAL "interp")
    set(target_flags --engine interp)
  else()
    set(target_flags --target ${A_TARGET})
  endif()
  add_custom_command(
    OUTPUT ${A_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
    COMMAND $<TARGET_FILE:wcap> build ${wasm} ${target_flags} --key ${key} -o ${A_OUTPUT}
            --name ${name} --version ${A_VERSION} --memory-max ${memmax} ${cap_flags}
    DEPENDS ${wasm} wasm_${name} wcap
    COMMENT "capsule ${name}: wcap build ${target_flags}"
    VERBATIM)
  add_custom_target(wcap_${name}_${A_TARGET} ALL DEPENDS ${A_OUTPUT})
  if(TARGET wcap_dev_keys) # compiler/CMakeLists.txt creates build/keys/dev.{key,pub} once
    add_dependencies(wcap_${name}_${A_TARGET} wcap_dev_keys)
  endif()
endfunction()
