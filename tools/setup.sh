#!/usr/bin/env bash
# tools/setup.sh — makes sure the toolchains for every target are installed
# (Debian 12 packages): gcc and clang-14 with its sanitizer runtimes natively;
# clang-14 + lld + wasi-libc + wasm32 compiler-rt for WASI; emscripten; plus
# cmake, ninja, pkg-config, valgrind, python3 (the CPython oracle), chromium (the
# browser test), uvloop (an anchor of the benchmarks) and, where cargo is
# installed, Debian's tokio crates (the benchmarks' tokio anchor); then the
# npm devDependencies (playwright-core, typescript, esbuild) from
# package-lock.json.  Silent when all is present; as root it installs what
# is missing, one line per step with the output in build/setup.log (shown
# only on failure), otherwise it prints the apt command and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/step.sh

# The suite runs on Node 20 and later only (package.json "engines").
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: wasyncio needs Node 20 or later; found $(node --version 2>/dev/null || echo 'no node')" >&2
  exit 1
fi

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
need pkgconf has pkg-config
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
# uvloop runs on Debian's python3, which its package is built for
need python3-uvloop /usr/bin/python3 -c 'import uvloop'
# The tokio anchor of the benchmarks (bench/tokio) builds offline from
# Debian's crates, with the cargo of the machine (rustup's or Debian's).
if has cargo >/dev/null; then
  need librust-tokio-dev has_glob '/usr/share/cargo/registry/tokio-1.*'
  need librust-tokio-macros-dev has_glob '/usr/share/cargo/registry/tokio-macros-*'
fi

# The log is started by the first step that runs, so a run with nothing to
# do leaves the last one in place.
log_started=
log() {
  [ -n "$log_started" ] || step_log build/setup.log
  log_started=1
}

# npm writes node_modules/.package-lock.json on every install: older than
# package-lock.json (or absent) means the dependencies changed.
npm_deps() {
  [ node_modules/.package-lock.json -nt package-lock.json ] && return 0
  log
  step "npm ci" npm ci --no-audit --no-fund
}

if [ ${#missing[@]} -eq 0 ]; then
  npm_deps
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: install them with: sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log
step "apt-get update" apt-get update
step "installing ${missing[*]}" apt-get install -y "${missing[@]}"
npm_deps
