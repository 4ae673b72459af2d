# Toolchain: gcc-xtensa-lx106 + picolibc (Debian packages) for the LX106, bare
# metal, call0 ABI and soft float (the compiler's defaults). Literals stay in
# each function's text section (-mtext-section-literals: L32R reaches 256 KB
# back); picolibc's own objects keep .literal sections, which sections.ld
# places beside their code.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR xtensa)
set(CMAKE_C_COMPILER xtensa-lx106-elf-gcc)
set(CMAKE_ASM_COMPILER xtensa-lx106-elf-gcc)
set(CMAKE_AR xtensa-lx106-elf-ar CACHE FILEPATH "")
set(CMAKE_RANLIB xtensa-lx106-elf-ranlib CACHE FILEPATH "")
set(CMAKE_SIZE xtensa-lx106-elf-size CACHE FILEPATH "")
set(_xt "-mtext-section-literals")
set(CMAKE_C_FLAGS_INIT "--specs=/usr/lib/xtensa-lx106-elf/picolibc.specs ${_xt}")
set(CMAKE_ASM_FLAGS_INIT "${_xt}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
