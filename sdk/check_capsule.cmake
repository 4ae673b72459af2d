# check_capsule.cmake: refuses a linked capsule module that wcap would not accept.
#   cmake -DWASM=m.wasm -DOBJDUMP=wasm-objdump -DMEMORY_MAX=bytes [-DMAP=m.map]
#         [-DEXPORTS=a;b] -P check_capsule.cmake
# Checks:
#   - every import is a function of module "wcap" named in the host API
#     (so no WASI or "env" import slipped in from wasi-libc or an undefined symbol);
#   - no memory, table or global import;
#   - with EXPORTS: the function exports are exactly that list;
#   - with MAP (wasm-ld -Map): stack, data and bss end at or below MEMORY_MAX.
# Fails with one line naming the problem.

cmake_minimum_required(VERSION 3.20)
set(host_api log millis sleep_ms random led_set led_toggle sensor_read reply)

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
      message(FATAL_ERROR "capsule check: ${WASM}: imports a ${kind} (${what}); capsules may import only wcap functions")
    endif()
    if(NOT what MATCHES "^wcap\\.(.+)$")
      message(FATAL_ERROR "capsule check: ${WASM}: import ${what} is not from module \"wcap\" "
                          "(a libc function that needs WASI, or an undefined symbol)")
    endif()
    set(fn ${CMAKE_MATCH_1})
    if(NOT fn IN_LIST host_api)
      message(FATAL_ERROR "capsule check: ${WASM}: wcap has no host function \"${fn}\"")
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
    message(FATAL_ERROR "capsule check: ${WASM}: exports are [${exports}], expected [${want}]")
  endif()
endif()

if(DEFINED MAP AND EXISTS ${MAP})
  # Map lines: "    Addr      Off     Size Out  In  Symbol"; data placements have a hex Addr.
  file(STRINGS ${MAP} maplines)
  set(mem_end 0)
  foreach(line IN LISTS maplines)
    if(line MATCHES "^ *([0-9a-f]+) +[0-9a-f]+ +([0-9a-f]+) ")
      math(EXPR end "0x${CMAKE_MATCH_1} + 0x${CMAKE_MATCH_2}")
      if(end GREATER mem_end)
        set(mem_end ${end})
      endif()
    endif()
  endforeach()
  if(dump MATCHES "<__stack_pointer> - init i32=([0-9]+)")
    if(CMAKE_MATCH_1 GREATER mem_end)
      set(mem_end ${CMAKE_MATCH_1})
    endif()
  endif()
  if(mem_end GREATER MEMORY_MAX)
    message(FATAL_ERROR "capsule check: ${WASM}: stack + data need ${mem_end} bytes, MEMORY_MAX is ${MEMORY_MAX}")
  endif()
endif()
