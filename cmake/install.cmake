# cmake/install.cmake — what `cmake --install BUILD --prefix DIR` puts under
# DIR for C users of this build's target (native, WASI or Emscripten): the
# archive, the public headers, a CMake package (find_package(wasyncio) gives
# wasyncio::wasyncio with its link dependencies), and wasyncio.pc for
# pkg-config.  Both are relocatable: they find the prefix from where they
# were installed, not from where this build was configured.
include(CMakePackageConfigHelpers)

# native, wasi or emscripten: the config refuses a consumer that builds for
# another one (the version file already refuses another pointer size).
if(WA_HOST STREQUAL "posix")
  set(WA_PLATFORM native)
elseif(WA_HOST STREQUAL "wasi")
  set(WA_PLATFORM wasi)
else()
  set(WA_PLATFORM emscripten)
endif()

set(WA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wasyncio)
install(TARGETS wasyncio EXPORT wasyncioTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(WA_HOST STREQUAL "emscripten")
  install(FILES wasm/library_wasyncio.js DESTINATION ${CMAKE_INSTALL_DATADIR}/wasyncio)
endif()
install(EXPORT wasyncioTargets NAMESPACE wasyncio:: DESTINATION ${WA_CMAKE_DIR})

configure_package_config_file(cmake/wasyncioConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/wasyncioConfig.cmake INSTALL_DESTINATION ${WA_CMAKE_DIR})
# 0.x: a minor release may break the API.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/wasyncioConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wasyncioConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/wasyncioConfigVersion.cmake DESTINATION ${WA_CMAKE_DIR})

# pkg-config: the prefix as the path from the .pc file's own directory.
set(WA_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH WA_PC_UP /prefix/${WA_PC_DIR} /prefix)
string(REGEX REPLACE "/$" "" WA_PC_UP "${WA_PC_UP}")
list(JOIN WA_PC_CFLAGS " " WA_PC_CFLAGS_LINE)
list(JOIN WA_PC_LIBS " " WA_PC_LIBS_LINE)
configure_file(cmake/wasyncio.pc.in ${CMAKE_CURRENT_BINARY_DIR}/wasyncio.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wasyncio.pc DESTINATION ${WA_PC_DIR})
