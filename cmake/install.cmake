# Installation and packaging of the host toolchain (included last by the top
# CMakeLists.txt, when the tool targets exist).
#
#   cmake --install B --prefix P      P/bin/wcap, P/bin/wcapd
#                                     P/share/wcap/runtime_lib/include, P/share/wcap/format/include
#                                                            the headers `wcap build` compiles against
#                                     P/share/wcap/sdk       the capsule SDK (wcap.h, reactor.c, bulk_memory.c, capsule.cmake)
#                                     P/lib/cmake/wcap       find_package(wcap): wcapConfig.cmake
#                                     P/share/doc/wcap       README, docs/
#   cpack -G DEB (in B)               wcap_<version>_<arch>.deb of the same files under /usr
#
# The tools find their data at ../share/wcap next to their executable
# (host/compiler/datadir.h), so these directories are fixed, not GNUInstallDirs'
# configurable ones. The build tree has the same layout: build/bin/wcap finds
# build/share/wcap (staged below), and build/lib/cmake/wcap makes
# find_package(wcap) work from a build tree too.

set(WCAP_DATA_SUBDIR share/wcap)
set(WCAP_CMAKE_SUBDIR lib/cmake/wcap)
set(WCAP_STAGE ${CMAKE_BINARY_DIR}) # the build tree as a prefix

# ---- the data directory, staged in the build tree ----------------------------
set(_wcap_inc_dirs runtime_lib/include format/include) # relative to the source root, kept in the data dir
set(_wcap_sdk_files ${WCAP_ROOT}/sdk/wcap.h ${WCAP_ROOT}/sdk/reactor.c ${WCAP_ROOT}/sdk/bulk_memory.c ${WCAP_ROOT}/sdk/capsule.cmake
                    ${WCAP_ROOT}/sdk/check_capsule.cmake)
set(_wcap_data_inputs ${_wcap_sdk_files})
foreach(d ${_wcap_inc_dirs})
  file(GLOB_RECURSE _f CONFIGURE_DEPENDS ${WCAP_ROOT}/${d}/*)
  list(APPEND _wcap_data_inputs ${_f})
endforeach()
set(_stamp ${CMAKE_BINARY_DIR}/CMakeFiles/wcap_data.stamp)
set(_cmds "")
foreach(d ${_wcap_inc_dirs})
  list(APPEND _cmds COMMAND ${CMAKE_COMMAND} -E copy_directory ${WCAP_ROOT}/${d} ${WCAP_STAGE}/${WCAP_DATA_SUBDIR}/${d})
endforeach()
add_custom_command(OUTPUT ${_stamp}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${WCAP_STAGE}/${WCAP_DATA_SUBDIR}/sdk
  ${_cmds}
  COMMAND ${CMAKE_COMMAND} -E copy ${_wcap_sdk_files} ${WCAP_STAGE}/${WCAP_DATA_SUBDIR}/sdk
  COMMAND ${CMAKE_COMMAND} -E touch ${_stamp}
  DEPENDS ${_wcap_data_inputs}
  COMMENT "wcap: data directory build/${WCAP_DATA_SUBDIR} (runtime headers, SDK)"
  VERBATIM)
add_custom_target(wcap_data ALL DEPENDS ${_stamp})
add_dependencies(wcap wcap_data) # build/bin/wcap is usable as soon as it is built

# ---- find_package(wcap): the package config, for the build tree and the prefix
include(CMakePackageConfigHelpers)
foreach(where build install)
  if(where STREQUAL "build")
    set(_out ${WCAP_STAGE}/${WCAP_CMAKE_SUBDIR})
    set(_prefix ${WCAP_STAGE})
  else()
    set(_out ${CMAKE_BINARY_DIR}/CMakeFiles/wcap_install_config)
    set(_prefix ${CMAKE_INSTALL_PREFIX})
  endif()
  configure_package_config_file(${WCAP_ROOT}/sdk/wcapConfig.cmake.in ${_out}/wcapConfig.cmake
    INSTALL_DESTINATION ${WCAP_CMAKE_SUBDIR}
    INSTALL_PREFIX ${_prefix}
    PATH_VARS WCAP_DATA_SUBDIR
    NO_CHECK_REQUIRED_COMPONENTS_MACRO)
  write_basic_package_version_file(${_out}/wcapConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
endforeach()

# ---- install rules ------------------------------------------------------------
install(TARGETS wcap wcapd RUNTIME DESTINATION bin COMPONENT tools)
foreach(d ${_wcap_inc_dirs})
  install(DIRECTORY ${WCAP_ROOT}/${d}/ DESTINATION ${WCAP_DATA_SUBDIR}/${d} COMPONENT tools)
endforeach()
install(FILES ${_wcap_sdk_files} DESTINATION ${WCAP_DATA_SUBDIR}/sdk COMPONENT tools)
install(FILES ${CMAKE_BINARY_DIR}/CMakeFiles/wcap_install_config/wcapConfig.cmake
              ${CMAKE_BINARY_DIR}/CMakeFiles/wcap_install_config/wcapConfigVersion.cmake
        DESTINATION ${WCAP_CMAKE_SUBDIR} COMPONENT tools)
file(GLOB _wcap_docs ${WCAP_ROOT}/docs/*.md)
install(FILES ${WCAP_ROOT}/README.md ${_wcap_docs} DESTINATION share/doc/wcap COMPONENT tools)
install(DIRECTORY ${WCAP_ROOT}/examples/hello ${WCAP_ROOT}/examples/out_of_tree
        DESTINATION share/doc/wcap/examples COMPONENT tools)

# ---- cpack -G DEB ---------------------------------------------------------------
set(CPACK_PACKAGE_NAME wcap)
set(CPACK_PACKAGE_VENDOR "wcap")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "WebAssembly capsules for microcontrollers: ahead-of-time compiler, signer, device CLI, simulated device")
set(CPACK_PACKAGE_CONTACT "wcap developers <wcap@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Shared libraries (libelf, libmbedcrypto, libcoap-3-gnutls, ...) from dpkg-shlibdeps;
# the programs `wcap build` and the SDK run, by name.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "wabt (>= 1.0.32), clang-14, lld-14, wasi-libc, picolibc-arm-none-eabi, picolibc-riscv64-unknown-elf")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libclang-rt-14-dev, cmake, libcoap3-bin")
include(CPack)
