# sdk/capsule.cmake: build capsules (C -> .wasm) and package them (.wasm -> signed .wcap).
#
# Out of the wcap tree (an installed wcap, or a wcap build tree):
#   find_package(wcap REQUIRED)            # includes this file (sdk/wcapConfig.cmake.in)
#   wcap_add_capsule(NAME SOURCES a.c ... TARGET t [TARGET t2 ...] KEY file.key [VERSION v]
#                    [MEMORY_MAX bytes] [STACK bytes] [CAPS cap ...] [EXPORTS name ...]
#                    [CFLAGS flag ...] [EXCLUDE_FROM_ALL])
#       -> ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm (custom target wasm_NAME) and, per TARGET,
#          ${CMAKE_CURRENT_BINARY_DIR}/<t>/NAME.wcap signed with KEY (custom target wcap_NAME_<t>)
# In the wcap tree:
#   include(${WCAP_ROOT}/sdk/capsule.cmake)
#   wcap_add_capsule(NAME SOURCES ...)   (the .wasm only, as above without TARGET)
#   wcap_sign_capsule(NAME TARGET t [OUTPUT file.wcap] [VERSION v] [KEY file.key])
#       -> runs `wcap build`; KEY defaults to the build's dev key; custom target wcap_NAME_t
#
# The toolchain is pinned (docs/capsule-sdk.md): clang-14 compiles each source
# with --target=wasm32-wasi against Debian's wasi-libc headers, and wasm-ld-14 is
# called directly (never through the clang driver), so binaryen's wasm-opt is
# never run, whether it is on PATH or not; it links wasi-libc and, when
# installed, compiler-rt's builtins (WCAP_WASM_BUILTINS). After linking, check_capsule.cmake
# refuses the module when it imports anything but the host API of module "wcap",
# when the exports differ from EXPORTS, or when its data and stack do not fit
# MEMORY_MAX. sdk/reactor.c is linked into every capsule (see there why), and
# so is sdk/bulk_memory.c: capsules are compiled with -mbulk-memory and their
# memcpy/memmove/memset are memory.copy/memory.fill (see there why).

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
# compiler-rt's builtins for wasm32 (Debian: libclang-rt-14-dev-wasm32), linked
# after libc: 128-bit integers and long double arithmetic (__multi3, __divti3,
# __multf3, ...). clang names the file even when it is absent; without it such
# code fails to link with "undefined symbol" (docs/capsule-sdk.md).
if(NOT DEFINED WCAP_WASM_BUILTINS)
  execute_process(COMMAND ${WCAP_CLANG} --target=wasm32-wasi -print-libgcc-file-name
                  OUTPUT_VARIABLE _wcap_rt OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT EXISTS "${_wcap_rt}")
    set(_wcap_rt "")
  endif()
  set(WCAP_WASM_BUILTINS "${_wcap_rt}" CACHE FILEPATH
      "libclang_rt.builtins-wasm32.a linked into capsules (empty: none)")
endif()

set(WCAP_CAPSULE_TARGETS x86_64-posix cortex-m4 cortex-m33 rv32imac xtensa-lx106)
set(WCAP_CAPSULE_DEFAULT_MEMORY 16384)
set(WCAP_CAPSULE_DEFAULT_STACK 4096)

# wcap_add_capsule(NAME SOURCES ... [MEMORY_MAX b] [STACK b] [CAPS ...] [EXPORTS ...] [CFLAGS ...]
#                  [API product_api.def] [EXCLUDE_FROM_ALL] [TARGET t ... KEY file [VERSION v]])
# API: the product's API description file (docs/host-api.md): the capsule may
# import its functions, and every blob is built with `wcap build --api`.
function(wcap_add_capsule name)
  cmake_parse_arguments(A "EXCLUDE_FROM_ALL" "MEMORY_MAX;STACK;KEY;VERSION;API" "SOURCES;CAPS;EXPORTS;CFLAGS;TARGET"
                        ${ARGN})
  set(api_check "")
  if(A_API)
    get_filename_component(A_API ${A_API} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    set(api_check -DAPI=${A_API})
  endif()
  if(NOT A_SOURCES)
    message(FATAL_ERROR "wcap_add_capsule(${name}): SOURCES is required")
  endif()
  if(A_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wcap_add_capsule(${name}): unknown arguments ${A_UNPARSED_ARGUMENTS}")
  endif()
  if((A_KEY OR A_VERSION) AND NOT A_TARGET)
    message(FATAL_ERROR "wcap_add_capsule(${name}): KEY and VERSION sign for a TARGET: add TARGET t "
                        "(one of ${WCAP_CAPSULE_TARGETS} interp)")
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
  foreach(src ${A_SOURCES} ${WCAP_SDK_DIR}/reactor.c ${WCAP_SDK_DIR}/bulk_memory.c)
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(base ${src} NAME_WE)
    math(EXPR idx "${idx} + 1")
    set(obj ${objdir}/${idx}_${base}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${objdir}
      COMMAND ${WCAP_CLANG} --target=wasm32-wasi -mbulk-memory -nostdlibinc -isystem ${WCAP_WASI_INCLUDE}
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
    COMMAND ${WCAP_WASM_LD} ${ld_flags} ${objs} -L${WCAP_WASI_LIB} -lc ${WCAP_WASM_BUILTINS} -o ${wasm}.tmp
    COMMAND ${WCAP_WASM_LD} ${ld_flags} --export=__heap_base ${objs} -L${WCAP_WASI_LIB} -lc
            ${WCAP_WASM_BUILTINS} -o ${wasm}.heap
    COMMAND ${CMAKE_COMMAND} -DWASM=${wasm}.tmp -DHEAP_WASM=${wasm}.heap -DOBJDUMP=${WCAP_WASM_OBJDUMP}
            -DMEMORY_MAX=${A_MEMORY_MAX} "-DEXPORTS=${A_EXPORTS}" ${api_check}
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
    WCAP_WASM ${wasm} WCAP_MEMORY_MAX ${A_MEMORY_MAX} WCAP_STACK ${A_STACK} WCAP_CAPS "${A_CAPS}"
    WCAP_API "${A_API}")
  set(sign_args "")
  if(A_KEY)
    list(APPEND sign_args KEY ${A_KEY})
  endif()
  if(A_VERSION)
    list(APPEND sign_args VERSION ${A_VERSION})
  endif()
  if(A_EXCLUDE_FROM_ALL)
    list(APPEND sign_args EXCLUDE_FROM_ALL)
  endif()
  foreach(t ${A_TARGET})
    wcap_sign_capsule(${name} TARGET ${t} OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${t}/${name}.wcap ${sign_args})
  endforeach()
endfunction()

# wcap_sign_capsule(NAME TARGET t [OUTPUT file.wcap] [VERSION v] [KEY file.key] [EXCLUDE_FROM_ALL])
# Packages NAME.wasm for target t with `wcap build`, signed with KEY (in the wcap
# tree: the build's dev key by default). OUTPUT defaults to
# ${CMAKE_BINARY_DIR}/examples/<t>/NAME.wcap. The tool is the wcap target of the
# wcap tree, else wcap::wcap of find_package(wcap).
function(wcap_sign_capsule name)
  cmake_parse_arguments(A "EXCLUDE_FROM_ALL" "TARGET;OUTPUT;VERSION;KEY" "" ${ARGN})
  if(NOT A_TARGET)
    message(FATAL_ERROR "wcap_sign_capsule(${name}): TARGET is required")
  endif()
  if(NOT TARGET wasm_${name})
    message(FATAL_ERROR "wcap_sign_capsule(${name}): call wcap_add_capsule(${name} ...) first")
  endif()
  if(TARGET wcap)
    set(tool wcap)            # the wcap tree: the tool is built first
    set(deps wcap)
  elseif(TARGET wcap::wcap)
    set(tool wcap::wcap)      # find_package(wcap)
    set(deps ${WCAP_EXECUTABLE})
  else()
    message(FATAL_ERROR "wcap_sign_capsule(${name}): no wcap tool: call find_package(wcap REQUIRED) "
                        "before (with -DCMAKE_PREFIX_PATH=<wcap prefix>)")
  endif()
  if(A_KEY)
    get_filename_component(key ${A_KEY} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    if(NOT EXISTS ${key})
      message(FATAL_ERROR "wcap_add_capsule(${name}): KEY ${key} does not exist: create the key pair once "
                          "with: wcap keygen --out <file without .key> (keep the .key private; devices trust the .pub)")
    endif()
    list(APPEND deps ${key})
  elseif(TARGET wcap_dev_keys)
    set(key ${CMAKE_BINARY_DIR}/keys/dev.key)
  else()
    message(FATAL_ERROR "wcap_add_capsule(${name}): no KEY to sign the ${A_TARGET} blob with: add "
                        "KEY file.key (create a key pair once with: wcap keygen --out file)")
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
  get_target_property(api wasm_${name} WCAP_API)
  set(cap_flags "")
  if(api)
    list(APPEND cap_flags --api ${api})
    list(APPEND deps ${api})
  endif()
  foreach(c ${caps})
    list(APPEND cap_flags --cap ${c})
  endforeach()
  get_filename_component(outdir ${A_OUTPUT} DIRECTORY)
  # TARGET interp: the portable interpreted blob (docs/interpreter.md)
  if(A_TARGET STREQUAL "interp")
    set(target_flags --engine interp)
  else()
    set(target_flags --target ${A_TARGET})
  endif()
  string(REPLACE ";" " " target_text "${target_flags}")
  add_custom_command(
    OUTPUT ${A_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
    COMMAND $<TARGET_FILE:${tool}> build ${wasm} ${target_flags} --key ${key} -o ${A_OUTPUT}
            --name ${name} --version ${A_VERSION} --memory-max ${memmax} ${cap_flags}
    DEPENDS ${wasm} wasm_${name} ${deps}
    COMMENT "capsule ${name}: wcap build ${target_text}"
    VERBATIM)
  if(A_EXCLUDE_FROM_ALL)
    add_custom_target(wcap_${name}_${A_TARGET} DEPENDS ${A_OUTPUT})
  else()
    add_custom_target(wcap_${name}_${A_TARGET} ALL DEPENDS ${A_OUTPUT})
  endif()
  if(TARGET wcap_dev_keys) # host/cli/CMakeLists.txt creates build/keys/dev.{key,pub} once
    add_dependencies(wcap_${name}_${A_TARGET} wcap_dev_keys)
  endif()
endfunction()
