# check_capsule.cmake: refuses a linked capsule module that wcap would not accept.
#   cmake -DWASM=m.wasm -DOBJDUMP=wasm-objdump -DMEMORY_MAX=bytes [-DHEAP_WASM=m.heap]
#         [-DEXPORTS=a;b] [-DAPI=product_api.def] -P check_capsule.cmake
# Checks:
#   - every import is a function named in the host API (module "wcap", or the
#     WASI subset of module "wasi_snapshot_preview1" that printf, assert and
#     exit need), or one of API's WCAP_API_FN lines (so no other WASI or "env"
#     import slipped in from wasi-libc or an undefined symbol); `wcap build`
#     checks their types;
#   - no memory, table or global import;
#   - with EXPORTS: the function exports are exactly that list;
#   - with HEAP_WASM (the same link with --export=__heap_base): stack, data and
#     bss end at or below MEMORY_MAX.
# Fails with one line naming the problem.

cmake_minimum_required(VERSION 3.20)
# The built-in API's file (format/include/wcap/api_wcap.def, beside sdk/ in the
# tree and in the installed data directory) and the product's API file.
set(builtin_api ${CMAKE_CURRENT_LIST_DIR}/../format/include/wcap/api_wcap.def)
if(NOT EXISTS ${builtin_api})
  message(FATAL_ERROR "capsule check: ${builtin_api} is missing (a broken wcap installation)")
endif()
set(host_api "")
set(wasi_subset "")
foreach(f ${builtin_api} ${API})
  file(STRINGS ${f} api_lines REGEX "^[ \t]*WCAP_API_FN\\(")
  foreach(l IN LISTS api_lines)
    if(l MATCHES "WCAP_API_FN\\([^,]+,[ \t]*([a-z0-9_]+)[ \t]*,[ \t]*([a-z0-9_]+)")
      list(APPEND host_api "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
      if(CMAKE_MATCH_1 STREQUAL "wasi_snapshot_preview1")
        list(APPEND wasi_subset "${CMAKE_MATCH_2}")
      endif()
    endif()
  endforeach()
endforeach()
list(JOIN wasi_subset ", " wasi_subset)

# One error line (CMake's own message() wraps long text), then a failing exit.
# Nothing partial is left behind: the checked files are removed.
function(refuse text)
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo "capsule check: ${WASM}: ${text}")
  file(REMOVE ${WASM} ${HEAP_WASM})
  message(FATAL_ERROR "capsule refused")
endfunction()

execute_process(COMMAND ${OBJDUMP} -x ${WASM}
                OUTPUT_VARIABLE dump ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "capsule check: wasm-objdump failed on ${WASM}: ${err}")
endif()
string(REPLACE "\n" ";" lines "${dump}")

set(section "")
set(exports "")
foreach(line IN LISTS lines)
  if(line MATCHES "^([A-Za-z]+)\\[[0-9]+\\]:$")
    set(section ${CMAKE_MATCH_1})
  elseif(line MATCHES "^Custom:$")
    set(section Custom)
  elseif(section STREQUAL "Import" AND line MATCHES "^ - ([a-z]+)\\[[0-9]+\\].* <- ([^ ]+)$")
    set(kind ${CMAKE_MATCH_1})
    set(what ${CMAKE_MATCH_2})
    if(NOT kind STREQUAL "func")
      refuse("imports a ${kind} (${what}); capsules may import only wcap functions")
    endif()
    if(NOT what IN_LIST host_api AND what MATCHES "^wasi_snapshot_preview1\\.")
      refuse("import ${what} is outside wcap's WASI subset (supported: ${wasi_subset}; docs/host-api.md, \"WASI\")")
    endif()
    if(NOT what IN_LIST host_api AND NOT what MATCHES "^wcap\\.")
      refuse("import ${what} is not a host function (a libc function that needs WASI, or an undefined symbol; "
             "an integrator's functions need API in wcap_add_capsule)")
    endif()
    if(NOT what IN_LIST host_api)
      refuse("wcap has no host function \"${what}\"")
    endif()
  elseif(section STREQUAL "Export" AND line MATCHES "^ - func\\[[0-9]+\\].* -> \"(.*)\"$")
    list(APPEND exports "${CMAKE_MATCH_1}")
  endif()
endforeach()

if(DEFINED EXPORTS AND NOT EXPORTS STREQUAL "")
  set(want ${EXPORTS})
  list(SORT want)
  list(SORT exports)
  if(NOT want STREQUAL exports)
    refuse("exports are [${exports}], expected [${want}]")
  endif()
endif()

if(DEFINED HEAP_WASM)
  # The same link with __heap_base exported: where stack, data and bss end.
  execute_process(COMMAND ${OBJDUMP} -x -j Global ${HEAP_WASM}
                  OUTPUT_VARIABLE heap ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT heap MATCHES "<__heap_base> - init i32=([0-9]+)")
    refuse("cannot find __heap_base in ${HEAP_WASM}")
  endif()
  set(mem_end ${CMAKE_MATCH_1})
  if(mem_end GREATER MEMORY_MAX)
    refuse("stack + data need ${mem_end} bytes, MEMORY_MAX is ${MEMORY_MAX}")
  endif()
endif()
