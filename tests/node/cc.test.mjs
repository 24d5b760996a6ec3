// cc.test.mjs — the optimisation level wasyncio-cc (js/cc.js) builds at:
// -Oz unless the command line names one, which then replaces it (clang
// given -Oz and then -O2 builds without inlining), and a --blocking
// program's Asyncify pass (wasm/asyncify.mjs) optimises at the same level.
// emcc and wasm-opt are stand-ins (EMCC, WASM_OPT) that record their
// arguments, so this needs no toolchain; package.test.mjs runs the real one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { root } from '../../tools/targets.mjs';

const dir = mkdtempSync(join(tmpdir(), 'wasyncio-cc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A module with nothing but a name section naming one function, main: all
// that wasm/asyncify.mjs reads of emcc's output before calling wasm-opt.
const NAMED_MAIN = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x00, 0x0e, 0x04, 0x6e, 0x61, 0x6d, 0x65,             // custom section "name"
  0x01, 0x07, 0x01, 0x00, 0x04, 0x6d, 0x61, 0x69, 0x6e, // function names: 0 "main"
]);
writeFileSync(join(dir, 'named-main.wasm'), NAMED_MAIN);

// A stand-in that appends its arguments to LOG and writes -o's file.
function standIn(name) {
  const file = join(dir, name);
  writeFileSync(file, `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.LOG, JSON.stringify({ tool: ${JSON.stringify(name)}, args }) + '\\n');
const out = args[args.indexOf('-o') + 1];
if (out) fs.copyFileSync(${JSON.stringify(join(dir, 'named-main.wasm'))}, out);
`);
  chmodSync(file, 0o755);
  return file;
}
const emcc = standIn('emcc'), wasmOpt = standIn('wasm-opt');

// What emcc and wasm-opt were asked, for `wasyncio-cc ...args`.
function cc(...args) {
  const log = join(dir, `log-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, [join(root, 'js/cc.js'), ...args, '-o', join(dir, 'out.wasm')],
    { encoding: 'utf8', env: { ...process.env, EMCC: emcc, WASM_OPT: wasmOpt, LOG: log } });
  assert.equal(r.status, 0, r.stderr);
  const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const levels = (tool) => calls.filter((c) => c.tool === tool).flatMap((c) => c.args.filter((a) => /^-O/.test(a)));
  return { emcc: levels('emcc'), wasmOpt: levels('wasm-opt'), calls };
}

test('a module is built for size (-Oz) when the command line names no level', () => {
  const r = cc('app.c');
  assert.deepEqual([r.emcc, r.wasmOpt], [['-Oz'], []]);
});

test('a level on the command line replaces -Oz rather than following it', () => {
  assert.deepEqual(cc('-O2', 'app.c').emcc, ['-O2']);
  assert.deepEqual(cc('app.c', '-O3', '-DX=1').emcc, ['-O3']);
});

test('--blocking: Asyncify optimises at the program\'s level, -Oz by default', () => {
  const plain = cc('--blocking', 'main.c');
  assert.deepEqual([plain.emcc, plain.wasmOpt], [['-Oz'], ['-Oz']]);
  const fast = cc('--blocking', '-O2', 'main.c');
  assert.deepEqual([fast.emcc, fast.wasmOpt], [['-O2'], ['-O2']]);
  const asked = fast.calls.find((c) => c.tool === 'wasm-opt').args;
  assert.ok(asked.includes('--asyncify') && asked.includes('--pass-arg=asyncify-onlylist@main'), asked.join(' '));
  // wasm-opt has no -Ofast: its nearest level
  assert.deepEqual(cc('--blocking', '-Ofast', 'main.c').wasmOpt, ['-O3']);
});
