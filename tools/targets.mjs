// tools/targets.mjs — where each build puts a program and how to run it:
// natively, under sanitizers or valgrind, under node:wasi or the WASI
// runtime WASYNCIO_WASI_RUNNER names (tools/wasi-run.mjs), under Node
// through the Emscripten glue (with -pthread too), and under Node through
// the npm package's loader (tools/js-run.mjs: the Asyncify builds, with
// sockets on node:net).  Shared by tools/demo.mjs and the tests in
// tests/node/.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

// node:wasi warns on every run; Node 18 lacks the flag that silences it.
const quietWasi = process.allowedNodeEnvironmentFlags.has('--disable-warning')
  ? ['--disable-warning=ExperimentalWarning'] : [];

// tools: the commands building for the target needs; runner: the command
// running its programs needs, if any ('a|b': either will do).
export const targets = {
  native: { file: (p) => `build/native/${p}`, argv: (f) => [f], tools: ['gcc'] },
  // poll(2) instead of epoll, sends without MSG_NOSIGNAL: macOS's and the BSDs' path
  poll: { file: (p) => `build/poll/${p}`, argv: (f) => [f], tools: ['gcc'] },
  release: { file: (p) => `build/release/${p}`, argv: (f) => [f], tools: ['gcc'] },
  sanitize: { file: (p) => `build/sanitize/${p}`, argv: (f) => [f], tools: ['clang-14'] },
  tsan: { file: (p) => `build/tsan/${p}`, argv: (f) => [f], tools: ['clang-14'] },
  valgrind: {
    file: (p) => `build/native/${p}`,
    argv: (f) => ['valgrind', '--leak-check=full', '--errors-for-leak-kinds=definite,indirect,possible',
      '--show-leak-kinds=definite,indirect,possible', '--error-exitcode=99', '-q', f],
    tools: ['gcc'],
    runner: 'valgrind',
  },
  wasi: {
    file: (p) => `build/wasi/${p}.wasm`,
    argv: (f) => [process.execPath, ...quietWasi, join(root, 'tools/wasi-run.mjs'), f],
    tools: ['clang-14', 'wasm-ld-14|wasm-ld'],
  },
  emscripten: { file: (p) => `build/emscripten/${p}.js`, argv: (f) => [process.execPath, f], tools: ['emcc'] },
  'emscripten-pthread': {
    file: (p) => `build/emscripten-pthread/${p}.js`,
    argv: (f) => [process.execPath, f],
    tools: ['emcc'],
  },
  node: {
    file: (p) => `build/js/${p}_asyncify.wasm`,
    argv: (f) => [process.execPath, join(root, 'tools/js-run.mjs'), f],
    tools: ['emcc'],
  },
};

export function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {}
  }
  return false;
}

/*
 * How to run program (its file name; the CMake target is wasyncio_NAME) on
 * target: { argv } when it is built; { skip } when it is not because the
 * target's toolchain is not installed; { error } when it should have been
 * built.
 */
export function locate(target, program) {
  const where = locateFile(target, targets[target].file(program));
  return where.file ? { argv: targets[target].argv(where.file) } : where;
}

/* The same rule for any output of target's build (path from the root):
 * { file } (its full path), { skip } or { error }. */
export function locateFile(target, path) {
  const t = targets[target];
  const file = join(root, path);
  const installed = (alts) => alts.split('|').some(onPath);
  const notInstalled = (tool) => ({ skip: `${target}: ${tool} is not installed (bash tools/setup.sh installs it)` });
  if (t.runner && !installed(t.runner)) return notInstalled(t.runner);
  if (existsSync(file)) return { file };
  const absent = t.tools.find((tool) => !installed(tool));
  if (absent) return notInstalled(absent);
  return { error: `${target}: ${path} is missing: run npm run build` };
}

/* Runs argv (from the repository root unless cwd says otherwise); resolves
 * with its outcome.  The timeout turns a hang into a failure; aborting
 * signal kills it too.  onStdout(all so far) follows a server's output as
 * it comes. */
export function run(argv, { cwd = root, env = process.env, timeout = 300_000, signal, onStdout } = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, timeout, signal });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => {
      stdout += s;
      onStdout?.(stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    child.on('error', (error) => resolve({ code: null, signal: null, stdout, stderr: stderr + error.message }));
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, seconds: (performance.now() - start) / 1000 }));
  });
}

/* "exit status 1", "killed by SIGSEGV", ... plus the end of stderr. */
export function describe(r) {
  const how = r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`;
  const tail = r.stderr.trim().split('\n').slice(-40).join('\n');
  return tail ? `${how}; stderr:\n${tail}` : how;
}
