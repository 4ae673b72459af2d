# Host side of the board firmware build (included by targets/CMakeLists.txt).
#
#  1. wcap-keys2c (host tool) turns the trusted PEM keys into a C table:
#     build/targets/keys/trusted_keys.c
#  2. one ExternalProject per board cross-builds targets/common/ (the firmware
#     project) with a toolchain file from targets/cmake/ into
#     build/targets/<target>/firmware.elf. BUILD_ALWAYS lets the sub-build's own
#     dependency scan decide what to rebuild, so a source change anywhere
#     (targets/, loader/, runtime_lib/, device/, proto) relinks the firmware.
include(ExternalProject)

set(WCAP_FW_BOARDS "")
foreach(_b cortex-m4 cortex-m33 rv32imac xtensa-lx106)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/../${_b}/board.cmake)
    list(APPEND WCAP_FW_BOARDS ${_b})
  endif()
endforeach()
# For the tests of other folders (tests/spec: spec.board.*).
set_property(GLOBAL PROPERTY WCAP_FW_BOARDS ${WCAP_FW_BOARDS})
set(_fw_toolchain_cortex-m4  ${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
set(_fw_toolchain_cortex-m33 ${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake)
set(_fw_toolchain_rv32imac   ${CMAKE_CURRENT_LIST_DIR}/riscv32-elf.cmake)
set(_fw_toolchain_xtensa-lx106 ${CMAKE_CURRENT_LIST_DIR}/xtensa-lx106-elf.cmake)

# ---- the sources every firmware needs from outside this folder --------------
foreach(_d mbedtls-2.28.3 nanopb-0.4.7 lwip-2.1.3+dfsg1) # lwIP: the boards with Ethernet (WCAP_FW_NET)
  if(NOT EXISTS ${WCAP_DEPS_DIR}/${_d})
    message(FATAL_ERROR "wcap: ${WCAP_DEPS_DIR}/${_d} is missing: run scripts/setup.sh "
                        "(or pass -DWCAP_BUILD_FIRMWARE=OFF)")
  endif()
endforeach()
foreach(_tool arm-none-eabi-gcc riscv64-unknown-elf-gcc xtensa-lx106-elf-gcc)
  find_program(_fw_${_tool} ${_tool})
  if(NOT _fw_${_tool})
    message(FATAL_ERROR "wcap: ${_tool} not found: run scripts/setup.sh "
                        "(or pass -DWCAP_BUILD_FIRMWARE=OFF)")
  endif()
endforeach()

# ---- trusted keys -> C ------------------------------------------------------
find_library(WCAP_MBEDCRYPTO mbedcrypto REQUIRED)
add_executable(wcap-keys2c ${CMAKE_CURRENT_LIST_DIR}/../tools/keys2c.c)
target_link_libraries(wcap-keys2c PRIVATE ${WCAP_MBEDCRYPTO})

if(WCAP_TRUSTED_KEYS)
  # Relative paths are taken from the source tree; every key must exist now.
  set(_fw_keys "")
  foreach(_k ${WCAP_TRUSTED_KEYS})
    get_filename_component(_k ${_k} ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
    if(NOT EXISTS ${_k})
      message(FATAL_ERROR "wcap: WCAP_TRUSTED_KEYS: ${_k} does not exist")
    endif()
    list(APPEND _fw_keys ${_k})
  endforeach()
else()
  set(_fw_keys ${CMAKE_BINARY_DIR}/keys/dev.pub)
endif()
set(WCAP_FW_KEYS_C ${CMAKE_BINARY_DIR}/targets/keys/trusted_keys.c)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/targets/keys)
add_custom_command(
  OUTPUT ${WCAP_FW_KEYS_C}
  COMMAND wcap-keys2c ${WCAP_FW_KEYS_C} ${_fw_keys}
  DEPENDS wcap-keys2c ${_fw_keys}
  COMMENT "wcap: trusted keys for the boards: ${_fw_keys}"
  VERBATIM)
add_custom_target(wcap_fw_keys DEPENDS ${WCAP_FW_KEYS_C})
# The default key pair is made by host/cli/CMakeLists.txt (wcap keygen).
if(NOT WCAP_TRUSTED_KEYS)
  add_dependencies(wcap_fw_keys wcap_dev_keys)
endif()

# ---- clients (who may manage the board) -> C ---------------------------------
# WCAP_CLIENTS: a clients file (docs/device-protocol.md) for a production
# build; default: the development clients the build writes (build/keys/clients.txt).
add_executable(wcap-clients2c ${CMAKE_CURRENT_LIST_DIR}/../tools/clients2c.c)
target_link_libraries(wcap-clients2c PRIVATE wcap_host_common)
if(WCAP_CLIENTS)
  get_filename_component(_fw_clients ${WCAP_CLIENTS} ABSOLUTE BASE_DIR ${CMAKE_SOURCE_DIR})
  if(NOT EXISTS ${_fw_clients})
    message(FATAL_ERROR "wcap: WCAP_CLIENTS: ${_fw_clients} does not exist")
  endif()
else()
  set(_fw_clients ${WCAP_DEV_CLIENTS})
endif()
set(WCAP_FW_CLIENTS_C ${CMAKE_BINARY_DIR}/targets/keys/clients.c)
add_custom_command(
  OUTPUT ${WCAP_FW_CLIENTS_C}
  COMMAND wcap-clients2c ${WCAP_FW_CLIENTS_C} ${_fw_clients}
  DEPENDS wcap-clients2c ${_fw_clients}
  COMMENT "wcap: clients for the boards: ${_fw_clients}"
  VERBATIM)
add_custom_target(wcap_fw_clients DEPENDS ${WCAP_FW_CLIENTS_C})
if(NOT WCAP_CLIENTS)
  add_dependencies(wcap_fw_clients wcap_dev_clients)
endif()

# ---- one cross build per board ---------------------------------------------
set(_fw_dep_targets wcap_fw_keys wcap_fw_clients wcap_proto) # wcap_proto: generates the nanopb sources

option(WCAP_FW_FLASH_STORE "boards keep installed capsules and floors on flash when they have it (OFF: RAM)" ON)
foreach(_b ${WCAP_FW_BOARDS})
  ExternalProject_Add(firmware-${_b}
    SOURCE_DIR ${CMAKE_CURRENT_LIST_DIR}/../common
    BINARY_DIR ${CMAKE_BINARY_DIR}/targets/${_b}
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${_fw_toolchain_${_b}}
      -DCMAKE_BUILD_TYPE=MinSizeRel
    CMAKE_CACHE_ARGS
      -DWCAP_BOARD:STRING=${_b}
      -DWCAP_ROOT:PATH=${WCAP_ROOT}
      -DWCAP_DEPS_DIR:PATH=${WCAP_DEPS_DIR}
      -DWCAP_FW_KEYS_C:FILEPATH=${WCAP_FW_KEYS_C}
      -DWCAP_FW_CLIENTS_C:FILEPATH=${WCAP_FW_CLIENTS_C}
      -DWCAP_PROTO_GEN_DIR:PATH=${WCAP_PROTO_GEN_DIR}
      -DWCAP_WERROR:BOOL=${WCAP_WERROR}
      -DWCAP_FW_FLASH_STORE:BOOL=${WCAP_FW_FLASH_STORE}
    BUILD_ALWAYS TRUE
    INSTALL_COMMAND ""
    DEPENDS ${_fw_dep_targets})
endforeach()
list(TRANSFORM WCAP_FW_BOARDS PREPEND firmware- OUTPUT_VARIABLE _fw_targets)
add_custom_target(firmware DEPENDS ${_fw_targets})
