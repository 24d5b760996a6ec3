// tools/sizes.mjs — what the npm package weighs, raw and gzipped (level 9),
// and what Asyncify costs a blocking program.  Run after
// `node tools/build.mjs js wasi`; prints a Markdown table for README.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { root } from './targets.mjs';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const measure = (files) => {
  const data = files.map((f) => readFileSync(join(root, f)));
  return [data.reduce((n, d) => n + d.length, 0), data.reduce((n, d) => n + gzipSync(d, { level: 9 }).length, 0)];
};

// what a page loads: Node's entry (js/node.js) only adds Node's pieces
const loader = readdirSync(join(root, 'js')).filter((f) => f.endsWith('.js') && !['cc.js', 'net.js', 'node.js'].includes(f))
  .map((f) => `js/${f}`);
const rows = [
  ['package runtime, js/wasyncio.wasm (emcc)', ['js/wasyncio.wasm']],
  ['its debug build, js/wasyncio-debug.wasm (load(url, { debug: true }))', ['js/wasyncio-debug.wasm']],
  ['the debug build as a WASI reactor (clang)', ['build/wasi/wasyncio-reactor.wasm']],
  [`loader, ${loader.join(' ')}`, loader],
  ['  of which runWasi() (JSPI), js/wasi-command.js', ['js/wasi-command.js']],
  ['sockets, js/net.js (loaded only for a module that uses them)', ['js/net.js']],
  ['types, js/wasyncio.d.ts', ['js/wasyncio.d.ts']],
  ['examples/sleepers.c for run(), uninstrumented', ['build/js/sleepers_blocking.wasm']],
  ['  with Asyncify on the wa_run path only', ['build/js/sleepers_asyncify.wasm']],
  ['  with Asyncify everywhere', ['build/js/sleepers_asyncify_all.wasm']],
  ['  for runWasi() (JSPI): the WASI build, unchanged', ['build/wasi/sleepers.wasm']],
];

console.log('| file | raw | gzip -9 |\n|---|---:|---:|');
let missing = 0;
for (const [label, files] of rows) {
  if (!files.every((f) => existsSync(join(root, f)))) {
    console.error(`sizes: ${files.join(', ')} missing: run node tools/build.mjs js wasi`);
    missing++;
    continue;
  }
  const [raw, gz] = measure(files);
  console.log(`| ${label} | ${kb(raw)} | ${kb(gz)} |`);
}
process.exit(missing ? 1 : 0);
