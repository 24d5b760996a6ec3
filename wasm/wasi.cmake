# wasm/wasi.cmake — CMake toolchain for WASI command modules (wasm32-wasi).
#
# With WASI_SDK_PATH set it uses that wasi-sdk's clang and sysroot.  Otherwise
# Debian's clang + lld + wasi-libc + libclang-rt-NN-dev-wasm32, a wasi-sdk
# equivalent: wasi-libc lives in /usr/include/wasm32-wasi and
# /usr/lib/wasm32-wasi, which clang finds without --sysroot.  The target is
# spelled wasm32-wasi: clang-14 does not know wasm32-wasip1.
set(CMAKE_SYSTEM_NAME WASI)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)

if(DEFINED ENV{WASI_SDK_PATH})
  set(CMAKE_C_COMPILER "$ENV{WASI_SDK_PATH}/bin/clang")
  set(CMAKE_AR "$ENV{WASI_SDK_PATH}/bin/llvm-ar" CACHE FILEPATH "archiver")
  set(CMAKE_RANLIB "$ENV{WASI_SDK_PATH}/bin/llvm-ranlib" CACHE FILEPATH "ranlib")
  set(CMAKE_SYSROOT "$ENV{WASI_SDK_PATH}/share/wasi-sysroot")
else()
  # The archiver must be LLVM's: GNU ar writes no symbol index for wasm
  # objects, and wasm-ld refuses such archives.
  find_program(CMAKE_C_COMPILER NAMES clang-14 clang-19 clang REQUIRED)
  find_program(CMAKE_AR NAMES llvm-ar-14 llvm-ar-19 llvm-ar REQUIRED)
  find_program(CMAKE_RANLIB NAMES llvm-ranlib-14 llvm-ranlib-19 llvm-ranlib REQUIRED)
endif()

# Only the wasm sysroot may satisfy find_* for the target.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
