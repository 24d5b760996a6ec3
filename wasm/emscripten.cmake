# wasm/emscripten.cmake — CMake toolchain for Emscripten: includes the
# Emscripten.cmake of an emsdk when EMSDK is set, of $EMSCRIPTEN when that is
# set, else Debian's (/usr/share/emscripten).  Debian's emcc needs
# NODE_PATH=/usr/share/nodejs, which the emscripten preset sets.
if(DEFINED ENV{EMSDK})
  set(_wa_emscripten_root "$ENV{EMSDK}/upstream/emscripten")
elseif(DEFINED ENV{EMSCRIPTEN})
  set(_wa_emscripten_root "$ENV{EMSCRIPTEN}")
else()
  set(_wa_emscripten_root "/usr/share/emscripten")
endif()
include("${_wa_emscripten_root}/cmake/Modules/Platform/Emscripten.cmake")
