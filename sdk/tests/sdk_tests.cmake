# SDK self-tests (included by examples/CMakeLists.txt after sdk/capsule.cmake):
# capsules that the SDK build must refuse, each built on demand by its test.
# sdk.refuses.<what> passes when building the capsule fails with the expected
# check message (PASS_REGULAR_EXPRESSION), so a check that stops refusing fails.
set(sdk_tests ${WCAP_SDK_DIR}/tests)
wcap_add_capsule(sdk_bad_wasi SOURCES ${sdk_tests}/bad_wasi.c EXCLUDE_FROM_ALL)
wcap_add_capsule(sdk_bad_host_fn SOURCES ${sdk_tests}/bad_host_fn.c EXCLUDE_FROM_ALL)
wcap_add_capsule(sdk_bad_memory SOURCES ${sdk_tests}/bad_memory.c MEMORY_MAX 8192 STACK 1024 EXCLUDE_FROM_ALL)
wcap_add_capsule(sdk_bad_undefined SOURCES ${sdk_tests}/bad_undefined.c EXCLUDE_FROM_ALL)
# compute exports run, crc32, mix64 and matmul: a list of only `run` must be refused.
wcap_add_capsule(sdk_bad_exports SOURCES ${WCAP_ROOT}/examples/compute/compute.c EXPORTS run
                 EXCLUDE_FROM_ALL)

function(sdk_refusal_test what target regex)
  add_test(NAME sdk.refuses.${what}
    COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target wasm_${target})
  set_tests_properties(sdk.refuses.${what} PROPERTIES
    PASS_REGULAR_EXPRESSION "${regex}" RUN_SERIAL TRUE TIMEOUT 120)
endfunction()
sdk_refusal_test(wasi_import sdk_bad_wasi "import wasi_snapshot_preview1\\.fd_read is outside wcap's WASI subset \\(supported: [a-z_, ]*fd_write")
sdk_refusal_test(unknown_host_function sdk_bad_host_fn "wcap has no host function \"wcap\\.reboot\"")
sdk_refusal_test(memory_overflow sdk_bad_memory "stack \\+ data need [0-9]+ bytes, MEMORY_MAX is 8192")
sdk_refusal_test(undefined_symbol sdk_bad_undefined "undefined symbol: helper_nobody_defines")
sdk_refusal_test(export_list sdk_bad_exports "exports are \\[crc32;matmul;mix64;run;unaligned\\], expected \\[run\\]")

# sdk.helpers: the formatting helpers, run inside a real capsule on x86_64-posix.
wcap_add_capsule(sdk_helpers SOURCES ${sdk_tests}/helpers.c CAPS log EXPORTS run
                 MEMORY_MAX 8192 STACK 2048)
if(TARGET wcap)
  wcap_sign_capsule(sdk_helpers TARGET x86_64-posix
                    OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/sdk_helpers.wcap)
  add_test(NAME sdk.helpers
    COMMAND ${CMAKE_COMMAND} -DEXEC=${CMAKE_BINARY_DIR}/bin/wcap-exec
            -DBLOB=${CMAKE_CURRENT_BINARY_DIR}/sdk_helpers.wcap -DPUB=${CMAKE_BINARY_DIR}/keys/dev.pub
            -DEXPORT=run -DEXIT=0 -DRESULT=^0$ "-DOUT=-9223372036854775808\n.*0x0000beef\nanswer=42"
            -P ${WCAP_ROOT}/examples/run_check.cmake)
endif()

# sdk.builtins: a capsule that needs compiler-rt's builtins (__int128, long
# double) and calls printf links (WCAP_WASM_BUILTINS after wasi-libc) and runs.
if(WCAP_WASM_BUILTINS)
  wcap_add_capsule(sdk_builtins SOURCES ${sdk_tests}/builtins.c CAPS log EXPORTS run
                   MEMORY_MAX 16384 STACK 4096)
endif()
if(TARGET wcap AND WCAP_WASM_BUILTINS)
  wcap_sign_capsule(sdk_builtins TARGET x86_64-posix
                    OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/sdk_builtins.wcap)
  add_test(NAME sdk.builtins
    COMMAND ${CMAKE_COMMAND} -DEXEC=${CMAKE_BINARY_DIR}/bin/wcap-exec
            -DBLOB=${CMAKE_CURRENT_BINARY_DIR}/sdk_builtins.wcap -DPUB=${CMAKE_BINARY_DIR}/keys/dev.pub
            -DEXPORT=run -DEXIT=0 -DRESULT=^9223344360893$
            "-DOUT=int128 9223344360893, long double / 7 433857214\\.143\n"
            -P ${WCAP_ROOT}/examples/run_check.cmake)
elseif(TARGET wcap)
  add_test(NAME sdk.builtins COMMAND ${CMAKE_COMMAND} -E echo
           "SKIP: no libclang_rt.builtins-wasm32.a (Debian package libclang-rt-14-dev-wasm32, from scripts/setup.sh)")
  set_tests_properties(sdk.builtins PROPERTIES SKIP_REGULAR_EXPRESSION "SKIP: ")
endif()
