#!/usr/bin/env bash
# tools/setup.sh — makes sure the toolchains for every target are installed
# (Debian 12 packages): gcc and clang-14 with its sanitizer runtimes natively;
# clang-14 + lld + wasi-libc + wasm32 compiler-rt for WASI; emscripten; plus
# cmake, ninja, valgrind, python3 (the CPython oracle) and chromium (the
# browser test); then the npm devDependencies (playwright-core, typescript)
# from package-lock.json.  Silent when all is present; as root it installs
# what is missing, otherwise it prints the apt command and fails.
set -euo pipefail

missing=()
need() {   # need PACKAGE TEST...: PACKAGE is missing unless the test passes
  local pkg=$1; shift
  "$@" >/dev/null 2>&1 || missing+=("$pkg")
}
has() { command -v "$1"; }
has_any() { local c; for c in "$@"; do command -v "$c" && return 0; done; return 1; }
has_glob() { compgen -G "$1"; }

need cmake cmake --version
need ninja-build has ninja
need gcc has gcc
need clang-14 has clang-14
need libclang-rt-14-dev has_glob '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.asan-*.a'
need lld-14 has_any wasm-ld-14 wasm-ld
need llvm-14 has llvm-ar-14
need wasi-libc test -d /usr/include/wasm32-wasi
need libclang-rt-14-dev-wasm32 has_glob '/usr/lib/llvm-14/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a'
need emscripten has emcc
need binaryen has wasm-opt
need valgrind has valgrind
need python3 has python3
need chromium has chromium

# npm writes node_modules/.package-lock.json on every install: older than
# package-lock.json (or absent) means the dependencies changed.
npm_deps() {
  [ node_modules/.package-lock.json -nt package-lock.json ] && return 0
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
}

if [ ${#missing[@]} -eq 0 ]; then
  npm_deps
  exit 0
fi

cmd="apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: install them with: sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive $cmd" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive $cmd -qq
npm_deps
