// wasm/asyncify.mjs — Asyncify for a blocking program, instrumenting only
// the functions of wasm/asyncify-only.txt that the optimised module still
// has: emcc's ASYNCIFY_ONLY warns about each listed name that LTO inlined
// or dropped, and which those are depends on the program.
//
//   node wasm/asyncify.mjs IN.wasm [OUT.wasm]
//
// IN is linked by emcc without -sASYNCIFY but with --profiling-funcs (its
// name section tells which functions exist); OUT (default: IN) is IN with
// Asyncify on the wasyncio.wait import, optimised for size (or at the level
// asyncify() is given), names stripped.
// wasm-opt is $WASM_OPT, else Emscripten's (em-config BINARYEN_ROOT), else
// the one on PATH.  wasyncio-cc (js/cc.js) and wasm/js.cmake both use it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIST = fileURLToPath(new URL('asyncify-only.txt', import.meta.url));

/** The names asyncify-only.txt lists, in its order. */
export function listedFunctions() {
  return readFileSync(LIST, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The function names in a module's name section. */
export function functionNames(bytes) {
  let p = 8;
  const leb = () => {
    let v = 0, shift = 0, b;
    do { b = bytes[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return v;
  };
  const str = () => { const n = leb(); const s = Buffer.from(bytes.subarray(p, p + n)).toString(); p += n; return s; };
  const names = new Set();
  while (p < bytes.length) {
    const id = bytes[p++];
    const end = leb() + p;
    if (id === 0 && str() === 'name') {
      while (p < end) {
        const sub = bytes[p++];
        const subEnd = leb() + p;
        if (sub === 1) for (let n = leb(); n > 0; n--) { leb(); names.add(str()); }
        p = subEnd;
      }
    }
    p = end;
  }
  return names;
}

function wasmOpt() {
  if (process.env.WASM_OPT) return process.env.WASM_OPT;
  try {
    const root = execFileSync('em-config', ['BINARYEN_ROOT'], { encoding: 'utf8' }).trim();
    if (existsSync(join(root, 'bin/wasm-opt'))) return join(root, 'bin/wasm-opt');
  } catch { /* no em-config: PATH */ }
  return 'wasm-opt';
}

// wasm-opt's level for a compiler's: wasm-opt has no -Ofast or -Og
const WASM_OPT_LEVELS = { '-Ofast': '-O3', '-Og': '-O1' };

/** Instruments input (a path) into output for the listed functions it has,
 * then optimises the whole module again at level, the -O the program was
 * compiled at (at -Oz, a -O2 program loses much of its speed here). */
export function asyncify(input, output = input, level = '-Oz') {
  const present = functionNames(readFileSync(input));
  if (!present.size) throw new Error(`${input} has no function names: link it with --profiling-funcs`);
  const only = listedFunctions().filter((name) => present.has(name));
  // the features emcc's modules use (its output carries no features section)
  execFileSync(wasmOpt(), [input, '--enable-sign-ext', '--enable-mutable-globals',
    '--asyncify', '--pass-arg=asyncify-imports@wasyncio.wait', `--pass-arg=asyncify-onlylist@${only.join(',')}`,
    WASM_OPT_LEVELS[level] ?? level, '--strip-debug', '-o', output], { stdio: 'inherit' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output] = process.argv.slice(2);
  if (!input) {
    console.error('usage: node wasm/asyncify.mjs IN.wasm [OUT.wasm]');
    process.exit(2);
  }
  try {
    asyncify(input, output);
  } catch (e) {
    console.error(`asyncify: ${e.message}`);
    process.exit(1);
  }
}
