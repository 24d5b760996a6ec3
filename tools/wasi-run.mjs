// tools/wasi-run.mjs — runs a WASI command module under node:wasi, the WASI
// runtime every machine with Node already has:
//     node tools/wasi-run.mjs FILE.wasm [ARGS...]
// stdio is inherited and the process exits with the module's exit code.
// node:wasi warns that it is experimental on every run; that one warning is
// dropped here (the flag --disable-warning does it too, but only on Node 20+)
// so a program's stderr is its own.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import v8 from 'node:v8';

// Node 20's fast API calls into WASI can let V8 collect garbage in the
// middle of the call, which corrupts its heap once a module has grown its
// memory a lot (a crash after ~100 MB of small allocations: nodejs/node#46777,
// #53087).  The ordinary call path is safe; set before the module compiles.
v8.setFlagsFromString('--no-turbo-fast-api-calls');

const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  if (!/WASI is an experimental feature/.test(String(warning))) emitWarning.call(process, warning, ...rest);
};
const { WASI } = await import('node:wasi');

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/wasi-run.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [basename(file, '.wasm'), ...args],
  env: process.env,
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(file));
// Node 18's WASI has no getImportObject().
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
