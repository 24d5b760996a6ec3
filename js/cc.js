#!/usr/bin/env node
// js/cc.js — wasyncio-cc: compiles C for js/wasyncio.js with emcc, linking
// the package's C sources (src/) with the flags its own modules use.
//
//   npx wasyncio-cc tasks.c -o tasks.wasm            a module for load()
//   npx wasyncio-cc --blocking main.c -o main.wasm   a main() for run(), with Asyncify
//
// Other arguments go to emcc as they are (-DNAME, more sources).  Modules
// are built for size (-Oz); -O2 builds them for speed instead.
// Keep the flags in step with wasm/js.cmake, which builds the repository's
// (both instrument blocking programs with wasm/asyncify.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { asyncify } from '../wasm/asyncify.mjs';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir) => readdirSync(join(pkg, dir)).filter((f) => f.endsWith('.c')).map((f) => join(pkg, dir, f));

const args = process.argv.slice(2);
if (!args.length || args.includes('--help')) {
  console.log('usage: wasyncio-cc [--blocking] FILE.c... -o OUT.wasm [emcc options]');
  process.exit(args.length ? 0 : 2);
}
const blocking = args.includes('--blocking');
const user = args.filter((a) => a !== '--blocking');
const out = user[user.indexOf('-o') + 1];
if (blocking && (!user.includes('-o') || !out)) {
  console.error('wasyncio-cc: --blocking needs -o OUT.wasm');
  process.exit(2);
}
const host = blocking ? 'js-asyncify.c' : 'js.c';
// -Oz (small) unless the user picks a level, such as -O2 (fast): given
// -Oz and then -O2, clang builds at -O2 without inlining, slower than both
const level = user.filter((a) => /^-O/.test(a)).pop();
const argv = [
  ...(level ? [] : ['-Oz']), '-flto', '-DNDEBUG', `-I${join(pkg, 'include')}`,
  // debug mode's reports name the package's files as the repository does (src/lib/sync.c)
  `-fmacro-prefix-map=${pkg}=`,
  // the whole library, debug mode included: src/debug/none.c stands in for
  // it only in the package's default runtime
  ...['core', 'lib', 'io', 'debug', 'js'].flatMap((layer) => sources(`src/${layer}`))
    .filter((f) => f !== join(pkg, 'src/debug/none.c')),
  join(pkg, 'src/host/virtual.c'), join(pkg, 'src/host', host),
  join(pkg, 'src/threads/none.c'), join(pkg, 'src/net/js.c'),
  '-sSTANDALONE_WASM=1', '-sALLOW_MEMORY_GROWTH=1', '-sMALLOC=emmalloc',
  '-sERROR_ON_UNDEFINED_SYMBOLS=0', '-sWARN_ON_UNDEFINED_SYMBOLS=0',
  // a blocking program keeps its names for wasm/asyncify.mjs, which
  // instruments it afterwards
  ...(blocking ? ['--profiling-funcs'] : ['--no-entry']),
  ...user,
];
// Debian's emcc finds its acorn only through NODE_PATH
const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(delimiter) };
const r = spawnSync(process.env.EMCC ?? 'emcc', argv, { stdio: 'inherit', env });
if (r.error) {
  console.error(`wasyncio-cc: cannot run emcc (${r.error.message}): install Emscripten (Debian: apt install emscripten) or set EMCC`);
  process.exit(127);
}
if (r.status === 0 && blocking) {
  try {
    asyncify(out, out, level);
  } catch (e) {
    console.error(`wasyncio-cc: Asyncify failed (${e.message}): install binaryen's wasm-opt or set WASM_OPT`);
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
