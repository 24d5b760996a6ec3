# wasm/js.cmake — wasm modules for the npm package's loader (js/wasyncio.js).
#
# Included by CMakeLists.txt in two builds:
#   - WA_JS (the "js" preset, emcc -sSTANDALONE_WASM): the package's runtime
#     js/wasyncio.wasm, the C modules the JS tests load (tests/js), the web
#     demo's (examples/web), and the Asyncify build of a blocking program;
#   - WASI (clang): the same runtime as a WASI reactor, wasyncio-reactor.wasm.
# Every module links the bridge (src/js) as objects, not from an archive:
# nothing in C calls its exports, so an archive member would be dropped.
# Its debug mode and allTasks() exports (inspect.c) need the debug observer.
file(GLOB WA_JS_SOURCES CONFIGURE_DEPENDS src/js/*.c)
list(REMOVE_ITEM WA_JS_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/src/js/inspect.c)
add_library(wasyncio_bridge OBJECT ${WA_JS_SOURCES} src/js/inspect.c)
target_include_directories(wasyncio_bridge PRIVATE include src)

# The core with host src/host/HOST.c, and sockets through the loader
# (node:net in Node; what a module does not use is not linked).
function(wa_js_runtime lib host)
  add_library(${lib} STATIC ${WA_SOURCES} src/host/virtual.c src/host/${host}.c src/threads/none.c
              src/net/js.c)
  target_include_directories(${lib} PUBLIC include PRIVATE src)
endfunction()

if(NOT WA_JS)
  wa_js_runtime(wasyncio_jshost js)
  add_executable(wasyncio_reactor $<TARGET_OBJECTS:wasyncio_bridge>)
  target_link_libraries(wasyncio_reactor PRIVATE wasyncio_jshost)
  target_link_options(wasyncio_reactor PRIVATE -mexec-model=reactor)
  set_target_properties(wasyncio_reactor PROPERTIES OUTPUT_NAME wasyncio-reactor)
  return()
endif()

set(CMAKE_EXECUTABLE_SUFFIX .wasm)
# No glue: the loader provides every import, and checks them when it loads
# a module, so emcc's check against its own JS library is off.  emmalloc is
# 7 KB smaller than dlmalloc; the loop's own slabs serve its hot paths.
set(WA_JS_LINK_OPTIONS -sSTANDALONE_WASM=1 -sALLOW_MEMORY_GROWTH=1 -sMALLOC=emmalloc -flto
    -sERROR_ON_UNDEFINED_SYMBOLS=0 -sWARN_ON_UNDEFINED_SYMBOLS=0)

# A reactor module: no main, the loader calls its exports.
function(wa_js_module name)
  add_executable(${name} ${ARGN} $<TARGET_OBJECTS:wasyncio_bridge>)
  target_link_libraries(${name} PRIVATE wasyncio)
  target_include_directories(${name} PRIVATE include)
  target_link_options(${name} PRIVATE ${WA_JS_LINK_OPTIONS} --no-entry)
endfunction()

# The package's runtimes, copied next to js/wasyncio.js, where the loader
# looks for them by URL: the default one without the debug observer
# (tests/node/package.test.mjs holds it to its size budget), and
# wasyncio-debug.wasm, which load(url, { debug: true }) picks.
# The default one's C is the library's and the bridge's only, so it leaves
# out what neither uses: scopes whose enter awaits (wa_acm, and wa_agen_cm
# on it), and emmalloc's realloc (src/host/js-realloc.c says why).
set(WA_LEAN_SOURCES ${WA_SOURCES})
list(REMOVE_ITEM WA_LEAN_SOURCES ${WA_DEBUG_SOURCES} ${CMAKE_CURRENT_SOURCE_DIR}/src/core/acm.c
     ${CMAKE_CURRENT_SOURCE_DIR}/src/lib/agen_cm.c)
add_library(wasyncio_lean STATIC ${WA_LEAN_SOURCES} src/debug/none.c src/host/virtual.c src/host/js.c
            src/host/js-realloc.c src/threads/none.c src/net/js.c)
target_include_directories(wasyncio_lean PUBLIC include PRIVATE src)
target_compile_definitions(wasyncio_lean PRIVATE WA__NO_AWAITING_ENTER)
add_library(wasyncio_bridge_lean OBJECT ${WA_JS_SOURCES})
target_include_directories(wasyncio_bridge_lean PRIVATE include src)
# It uses bulk memory, which Node 20 and current browsers have: memcpy and
# memset are then memory.copy and memory.fill, not 500 bytes of libc's.
set(WA_LEAN_FEATURES -mbulk-memory)
target_compile_options(wasyncio_lean PRIVATE ${WA_LEAN_FEATURES})
target_compile_options(wasyncio_bridge_lean PRIVATE ${WA_LEAN_FEATURES})
# A reactor module as the default runtime is built.  Its loader never
# sets errno, so the module need not export __errno_location for that.
function(wa_js_lean_module name)
  add_executable(${name} ${ARGN} $<TARGET_OBJECTS:wasyncio_bridge_lean>)
  target_link_libraries(${name} PRIVATE wasyncio_lean)
  target_link_options(${name} PRIVATE ${WA_JS_LINK_OPTIONS} ${WA_LEAN_FEATURES} -sSUPPORT_ERRNO=0 --no-entry)
endfunction()
wa_js_lean_module(wasyncio_runtime)
wa_js_module(wasyncio_debug_runtime)
set_target_properties(wasyncio_runtime PROPERTIES OUTPUT_NAME wasyncio)
set_target_properties(wasyncio_debug_runtime PROPERTIES OUTPUT_NAME wasyncio-debug)
# emcc's one wasm-opt -Oz leaves the default runtime 190 bytes larger than a
# second run over its output does.  Emscripten's own wasm-opt (binaryen beside
# emcc in an emsdk), for the features emcc's run allowed.
find_program(WA_WASM_OPT wasm-opt HINTS "${EMSCRIPTEN_ROOT_PATH}/../bin" REQUIRED)
add_custom_command(TARGET wasyncio_runtime POST_BUILD
  COMMAND ${WA_WASM_OPT} $<TARGET_FILE:wasyncio_runtime> -Oz --converge --mvp-features --enable-bulk-memory
          -o $<TARGET_FILE:wasyncio_runtime>)
foreach(runtime wasyncio_runtime wasyncio_debug_runtime)
  add_custom_command(TARGET ${runtime} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${runtime}> ${CMAKE_CURRENT_SOURCE_DIR}/js/)
endforeach()

file(GLOB WA_JS_TEST_SOURCES CONFIGURE_DEPENDS tests/js/*.c)
foreach(src IN LISTS WA_JS_TEST_SOURCES)
  get_filename_component(name "${src}" NAME_WE)
  wa_js_module(${name} "${src}")
endforeach()
# jstest as the default runtime is built: what its reports say without
# the debug observer (tests/node/js-api.test.mjs).
wa_js_lean_module(jstest_lean tests/js/jstest.c)

file(GLOB WA_WEB_SOURCES CONFIGURE_DEPENDS examples/web/*.c)
foreach(src IN LISTS WA_WEB_SOURCES)
  get_filename_component(name "${src}" NAME_WE)
  wa_js_module(${name} "${src}")
endforeach()

# Keep the flags here in step with js/cc.js (wasyncio-cc), which builds
# users' modules the same way.
#
# Asyncify: a classic blocking program (main() calling wa_run or the
# Runner) on the js-asyncify host, whose wait() import js/wasyncio.js
# unwinds out of.  Only the functions that can be on the stack at that
# import are instrumented: those of wasm/asyncify-only.txt that the linked
# program still has (wasm/asyncify.mjs, which wasyncio-cc runs too).
# NAME_blocking is the same program uninstrumented and NAME_asyncify_all
# instrumented whole, built to report the size cost.
wa_js_runtime(wasyncio_asyncify js-asyncify)
find_program(WA_NODE node REQUIRED)
set(_wa_asyncify -sASYNCIFY=1 "-sASYNCIFY_IMPORTS=[wasyncio.wait]")

function(wa_js_blocking name source)
  add_executable(${name} ${source} $<TARGET_OBJECTS:wasyncio_bridge>)
  target_link_libraries(${name} PRIVATE wasyncio_asyncify)
  target_link_options(${name} PRIVATE ${WA_JS_LINK_OPTIONS} ${ARGN})
endfunction()

# A blocking program instrumented on its wait path.
function(wa_js_asyncify name source)
  wa_js_blocking(${name} ${source} --profiling-funcs)
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS
               ${CMAKE_CURRENT_SOURCE_DIR}/wasm/asyncify.mjs ${CMAKE_CURRENT_SOURCE_DIR}/wasm/asyncify-only.txt)
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND ${WA_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/wasm/asyncify.mjs $<TARGET_FILE:${name}>)
endfunction()

foreach(example sleepers rate_limit echo_server echo_client fetch_pages)
  wa_js_asyncify(${example}_asyncify examples/${example}.c)
endforeach()
file(GLOB WA_JS_BLOCKING_TESTS CONFIGURE_DEPENDS tests/js/blocking/*.c)
foreach(src IN LISTS WA_JS_BLOCKING_TESTS)
  get_filename_component(name "${src}" NAME_WE)
  wa_js_asyncify(${name} "${src}")
endforeach()
# The benchmark workloads through the loader, echo included (node:net),
# built as a user builds a program for speed: wasyncio-cc --blocking -O2.
# tools/bench.mjs runs them beside Node's own.
file(GLOB_RECURSE WA_CC_INPUTS CONFIGURE_DEPENDS src/*.c src/*.h include/*.h)
add_custom_command(OUTPUT workloads_asyncify.wasm
  COMMAND ${CMAKE_COMMAND} -E env EMCC=${CMAKE_C_COMPILER}
          ${WA_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/js/cc.js --blocking -O2 -DWA_BENCH_SOCKETS=1
          ${CMAKE_CURRENT_SOURCE_DIR}/bench/workloads.c -o ${CMAKE_CURRENT_BINARY_DIR}/workloads_asyncify.wasm
  DEPENDS bench/workloads.c bench/sizes.h js/cc.js wasm/asyncify.mjs wasm/asyncify-only.txt ${WA_CC_INPUTS}
  VERBATIM)
add_custom_target(wasyncio_workloads_asyncify ALL DEPENDS workloads_asyncify.wasm)
wa_js_blocking(sleepers_blocking examples/sleepers.c)
wa_js_blocking(sleepers_asyncify_all examples/sleepers.c ${_wa_asyncify})
