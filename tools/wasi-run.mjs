// tools/wasi-run.mjs — runs a WASI command module under node:wasi, the WASI
// runtime every machine with Node already has:
//     node tools/wasi-run.mjs FILE.wasm [ARGS...]
// stdio is inherited and the process exits with the module's exit code.
// With WASYNCIO_WASI_RUNNER set, the module runs under the runtime that
// template names instead (tools/wasi-runner.mjs), so every WASI program of
// the tests and demos does.
// node:wasi warns that it is experimental on every run; that one warning is
// dropped here (the flag --disable-warning does it too, but only on Node 20+)
// so a program's stderr is its own.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { constants } from 'node:os';
import v8 from 'node:v8';
import { expandTemplate } from './wasi-runner.mjs';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/wasi-run.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
if (process.env.WASYNCIO_WASI_RUNNER) await runUnder(process.env.WASYNCIO_WASI_RUNNER);

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

/* Runs the module under template's runtime and ends this process as it
 * ended.  A signal that stops this process (a test's timeout) stops the
 * runtime too, which would otherwise outlive it holding the pipes open. */
async function runUnder(template) {
  let argv;
  try {
    argv = expandTemplate(template, file, args, process.env);
  } catch (e) {
    console.error(`wasi-run: ${e.message}`);
    process.exit(2);
  }
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, forward);
  const [code, signal] = await new Promise((resolve) => {
    child.on('error', (e) => {
      console.error(`wasi-run: cannot run ${argv[0]} (WASYNCIO_WASI_RUNNER): ${e.message}`);
      resolve([127, null]);
    });
    child.on('exit', (c, s) => resolve([c, s]));
  });
  if (signal) {
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.off(sig, forward);
    process.kill(process.pid, signal);
    process.exit(128 + constants.signals[signal]);       // a signal that does not end Node
  }
  process.exit(code);
}
