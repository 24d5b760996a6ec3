#!/usr/bin/env node
// js/cc.js — wasyncio-cc: compiles C for js/wasyncio.js with emcc, linking
// the package's C sources (src/) with the flags its own modules use.
//
//   npx wasyncio-cc tasks.c -o tasks.wasm            a module for load()
//   npx wasyncio-cc --blocking main.c -o main.wasm   a main() for run(), with Asyncify
//
// Other arguments go to emcc as they are (-O2, -DNAME, more sources).
// Keep the flags in step with wasm/js.cmake, which builds the repository's.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const sources = (dir) => readdirSync(join(pkg, dir)).filter((f) => f.endsWith('.c')).map((f) => join(pkg, dir, f));

const ASYNCIFY_ONLY = ['_start', '__main_void', '__original_main', 'main', 'wa_main', 'wa_run', 'run_main',
  'wa_loop_run_until_complete', 'wa_loop_run_forever', 'wa__loop_run_once', 'js_wait', 'finish_loop'];

const args = process.argv.slice(2);
if (!args.length || args.includes('--help')) {
  console.log('usage: wasyncio-cc [--blocking] FILE.c... -o OUT.wasm [emcc options]');
  process.exit(args.length ? 0 : 2);
}
const blocking = args.includes('--blocking');
const user = args.filter((a) => a !== '--blocking');
const host = blocking ? 'js-asyncify.c' : 'js.c';
const argv = [
  '-Oz', '-flto', `-I${join(pkg, 'include')}`,
  // debug mode's reports name the package's files as the repository does (src/lib/sync.c)
  `-fmacro-prefix-map=${pkg}=`,
  ...['core', 'lib', 'io', 'debug', 'js'].flatMap((layer) => sources(`src/${layer}`)),
  join(pkg, 'src/host/virtual.c'), join(pkg, 'src/host', host),
  join(pkg, 'src/threads/none.c'), join(pkg, 'src/net/js.c'),
  '-sSTANDALONE_WASM=1', '-sALLOW_MEMORY_GROWTH=1', '-sMALLOC=emmalloc',
  '-sERROR_ON_UNDEFINED_SYMBOLS=0', '-sWARN_ON_UNDEFINED_SYMBOLS=0',
  ...(blocking
    ? ['-sASYNCIFY=1', '-sASYNCIFY_IMPORTS=[wasyncio.wait]', `-sASYNCIFY_ONLY=[${ASYNCIFY_ONLY.join(',')}]`]
    : ['--no-entry']),
  ...user,
];
// Debian's emcc finds its acorn only through NODE_PATH
const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(delimiter) };
const r = spawnSync(process.env.EMCC ?? 'emcc', argv, { stdio: 'inherit', env });
if (r.error) {
  console.error(`wasyncio-cc: cannot run emcc (${r.error.message}): install Emscripten (Debian: apt install emscripten) or set EMCC`);
  process.exit(127);
}
process.exit(r.status ?? 1);
