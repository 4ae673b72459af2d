# Toolchain: gcc-riscv64-unknown-elf + picolibc (Debian packages) for rv32imac,
# bare metal. -misa-spec=2.2 keeps Zicsr/Zifencei inside "rv32imac" so that
# picolibc's rv32imac/ilp32 multilib is selected and csr/fence.i assemble.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_AR riscv64-unknown-elf-ar CACHE FILEPATH "")
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib CACHE FILEPATH "")
set(CMAKE_SIZE riscv64-unknown-elf-size CACHE FILEPATH "")
set(_rv "-misa-spec=2.2 -march=rv32imac -mabi=ilp32 -mcmodel=medany")
set(CMAKE_C_FLAGS_INIT "--specs=picolibc.specs ${_rv}")
set(CMAKE_ASM_FLAGS_INIT "${_rv}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles") # CMAKE_C_FLAGS (specs, ISA) are on the link line too
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
