# Capsules in other languages (docs/capsule-sdk.md, "Rust" and "AssemblyScript"),
# included by examples/CMakeLists.txt once the wcap tool target exists:
#   examples/rust            #![no_std] Rust, Debian's rustc 1.63 (packages rustc and
#                            libstd-rust-dev-wasm32) -> build/examples/rust.wasm
#   examples/assemblyscript  AssemblyScript, asc pinned by package-lock.json
#                            (scripts/setup-assemblyscript.sh, run by scripts/setup.sh,
#                            puts it in .deps/assemblyscript) -> build/examples/assemblyscript.wasm
# Each is packaged for every target like the C examples
# (build/examples/<target>/{rust,assemblyscript}.wcap) and run by lang_test.sh:
#   examples.<lang>.wcapd      on wcapd: the native and the interpreted blob
#   examples.<lang>.cortex-m4  on the cortex-m4 QEMU board (with the firmware)
# Without its toolchain a language's tests are registered all the same and
# report SKIP with what is missing (exit 77, SKIP_RETURN_CODE).
set(here ${CMAKE_CURRENT_SOURCE_DIR})

# Rust: always Debian's /usr/bin/rustc, never one earlier on PATH (rustup's
# ~/.cargo/bin): the link arguments below are checked with that compiler.
find_program(WCAP_RUSTC rustc PATHS /usr/bin NO_DEFAULT_PATH DOC "Debian's rustc for examples/rust")
set(rust_skip "")
if(NOT WCAP_RUSTC OR NOT EXISTS "${WCAP_RUSTC}")
  set(rust_skip "no /usr/bin/rustc (Debian packages rustc and libstd-rust-dev-wasm32, from scripts/setup.sh)")
else()
  execute_process(COMMAND ${WCAP_RUSTC} --print sysroot OUTPUT_VARIABLE rust_sysroot
                  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  file(GLOB rust_wasm_core "${rust_sysroot}/lib/rustlib/wasm32-unknown-unknown/lib/libcore-*.rlib")
  if(NOT rc EQUAL 0 OR NOT rust_wasm_core)
    string(CONCAT rust_skip "${WCAP_RUSTC} has no wasm32-unknown-unknown core library "
                  "(Debian package libstd-rust-dev-wasm32, from scripts/setup.sh)")
  endif()
endif()

# The link arguments a board needs (docs/capsule-sdk.md, "Rust"): a 4 KiB
# stack instead of rustc's 1 MiB (the target already puts it first), one
# 64 KiB page declared, initial and maximum, of which the device reserves
# only --memory-max; no DWARF (Debian's core is built with it: 1.7 MB).
set(WCAP_RUST_FLAGS --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown
    -C opt-level=s -C panic=abort -D warnings
    -C link-arg=-zstack-size=4096 -C link-arg=--initial-memory=65536 -C link-arg=--max-memory=65536
    -C link-arg=--strip-debug)
set(rust_wasm ${CMAKE_CURRENT_BINARY_DIR}/rust.wasm)
if(NOT rust_skip)
  # Run in the source directory so that panic locations read "capsule.rs:LINE".
  add_custom_command(OUTPUT ${rust_wasm}
    COMMAND ${WCAP_RUSTC} ${WCAP_RUST_FLAGS} capsule.rs -o ${rust_wasm}
    WORKING_DIRECTORY ${here}/rust
    DEPENDS ${here}/rust/capsule.rs
    COMMENT "capsule rust: rustc --target wasm32-unknown-unknown (no_std)"
    VERBATIM)
  add_custom_target(wasm_rust ALL DEPENDS ${rust_wasm})
  set_target_properties(wasm_rust PROPERTIES
    WCAP_WASM ${rust_wasm} WCAP_MEMORY_MAX 8192 WCAP_STACK 4096 WCAP_CAPS log WCAP_API "")
endif()

# AssemblyScript: asc is a node script; the version must be the lock file's.
find_program(WCAP_ASC asc HINTS ${WCAP_ROOT}/.deps/assemblyscript/node_modules/.bin NO_DEFAULT_PATH
             DOC "asc of scripts/setup-assemblyscript.sh for examples/assemblyscript")
find_program(WCAP_NODE node DOC "node, to run asc")
file(READ ${here}/assemblyscript/package.json asc_pkg)
string(REGEX MATCH "\"assemblyscript\": \"([0-9.]+)\"" _ "${asc_pkg}")
set(asc_pinned ${CMAKE_MATCH_1})
set(as_skip "")
if(NOT WCAP_ASC OR NOT WCAP_NODE OR NOT EXISTS "${WCAP_ASC}")
  string(CONCAT as_skip "no asc ${asc_pinned} in .deps/assemblyscript (scripts/setup-assemblyscript.sh, "
                "run by scripts/setup.sh, or -DWCAP_ASC=DIR/node_modules/.bin/asc) or no node")
else()
  execute_process(COMMAND ${WCAP_NODE} ${WCAP_ASC} --version OUTPUT_VARIABLE asc_version
                  ERROR_QUIET RESULT_VARIABLE rc)
  string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" asc_version "${asc_version}")
  if(NOT rc EQUAL 0 OR NOT asc_version STREQUAL asc_pinned)
    string(CONCAT as_skip "${WCAP_ASC} is version '${asc_version}', examples/assemblyscript pins "
                  "${asc_pinned} (scripts/setup-assemblyscript.sh)")
  endif()
endif()

# --runtime stub: a bump allocator that never frees (the incremental GC's
# allocator touches the whole 64 KiB page and wants a 32 KiB shadow stack);
# --use abort=...: the compiler's abort is wcap.ts's wcapAbort (log + trap),
# not the import env.abort that wcap refuses.
set(WCAP_ASC_FLAGS --runtime stub -Osize --noExportMemory --initialMemory 1 --maximumMemory 1
    --use abort=wcap/wcapAbort)
set(as_wasm ${CMAKE_CURRENT_BINARY_DIR}/assemblyscript.wasm)
if(NOT as_skip)
  add_custom_command(OUTPUT ${as_wasm}
    COMMAND ${WCAP_NODE} ${WCAP_ASC} capsule.ts ${WCAP_ASC_FLAGS} -o ${as_wasm}
    WORKING_DIRECTORY ${here}/assemblyscript
    DEPENDS ${here}/assemblyscript/capsule.ts ${here}/assemblyscript/wcap.ts
    COMMENT "capsule assemblyscript: asc ${asc_pinned} --runtime stub"
    VERBATIM)
  add_custom_target(wasm_assemblyscript ALL DEPENDS ${as_wasm})
  set_target_properties(wasm_assemblyscript PROPERTIES
    WCAP_WASM ${as_wasm} WCAP_MEMORY_MAX 8192 WCAP_STACK 4096 WCAP_CAPS log WCAP_API "")
endif()

foreach(lang rust assemblyscript)
  if(lang STREQUAL "rust")
    set(skip "${rust_skip}")
  else()
    set(skip "${as_skip}")
  endif()
  if(skip)
    message(STATUS "examples: ${lang} capsule not built (its tests will SKIP): ${skip}")
  else()
    foreach(t ${WCAP_CAPSULE_TARGETS} interp)
      wcap_sign_capsule(${lang} TARGET ${t})
    endforeach()
  endif()
  set(devices "")
  if(TARGET wcapd)
    list(APPEND devices wcapd)
  endif()
  if(WCAP_BUILD_FIRMWARE AND EXISTS ${WCAP_ROOT}/targets/cortex-m4/board.cmake)
    list(APPEND devices cortex-m4)
  endif()
  foreach(d ${devices})
    if(skip)
      add_test(NAME examples.${lang}.${d} COMMAND bash ${here}/lang_test.sh --skip "${skip}")
    else()
      add_test(NAME examples.${lang}.${d} COMMAND bash ${here}/lang_test.sh ${CMAKE_BINARY_DIR} ${lang} ${d})
    endif()
    set_tests_properties(examples.${lang}.${d} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
    if(NOT d STREQUAL "wcapd")
      set_tests_properties(examples.${lang}.${d} PROPERTIES LABELS board)
    endif()
  endforeach()
endforeach()
