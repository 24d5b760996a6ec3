# wasm/Platform/WASI.cmake — tells CMake 3.25 (which has no WASI platform of
# its own) what a WASI system is: programs are .wasm modules.  Found through
# CMAKE_MODULE_PATH, which wasm/wasi.cmake extends; wasi-sdk ships the same.
set(WASI 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_STATIC_LIBRARY_PREFIX "lib")
set(CMAKE_STATIC_LIBRARY_SUFFIX ".a")
