// tools/demos.mjs — the demo programs, the targets each runs on, and how to
// run each one.  tools/demo.mjs shows them to a newcomer; tests/node/
// demo.test.mjs checks what they print.
//
// Each demo's run(target) resolves with { runs: [{ label, r }], ... } (r as
// targets.mjs's run gives it) plus what the demo needs checked.  The socket
// programs run natively and under Node through the package's loader (the
// "node" target, sockets on node:net): the WASI and Emscripten glue builds
// have no sockets (they compile, and say "sockets are not available in this
// build").  primes needs threads: natively and with Emscripten -pthread.
import { locate, run } from './targets.mjs';
import { startPagesServer } from './pages-server.mjs';

const everywhere = ['native', 'wasi', 'emscripten'];
const withSockets = ['native', 'node'];
const withThreads = ['native', 'emscripten-pthread'];

// Programs that are run once with no arguments.
async function runPlain(target, program) {
  return { runs: [{ label: program, r: await runProgram(target, program, []) }] };
}

// Runs program on target; a missing build becomes a failed run.
async function runProgram(target, program, args, options) {
  const where = locate(target, program);
  if (!where.argv) return { code: null, stdout: '', stderr: where.skip ?? where.error, missing: true };
  return run([...where.argv, ...args], { timeout: 60_000, ...options });
}

export const echoMessages = [['hello', 'from wasyncio', 'bye'], ['one', 'two', 'three', 'four']];

/*
 * echo_server on a free port serving two clients, then two echo_clients at
 * once (the default greetings and four numbers).  Resolves with runs for
 * the server and each client, and the port.
 */
async function runEcho(target) {
  const stop = new AbortController();
  let announced;
  const port = new Promise((resolve) => { announced = resolve; });
  const server = runProgram(target, 'echo_server', ['0', '--clients', String(echoMessages.length)], {
    signal: stop.signal,
    onStdout: (text) => {
      const m = /^serving on 127\.0\.0\.1:(\d+)$/m.exec(text);
      if (m) announced(Number(m[1]));
    },
  });
  // the server may fail before it listens: then there is no port to wait for
  const first = await Promise.race([port, server.then(() => null)]);
  const runs = [];
  if (first) {
    const clients = await Promise.all(echoMessages.map((m, i) =>
      runProgram(target, 'echo_client', i ? [String(first), ...m] : [String(first)])));
    // the server exits after its last client; a failed client leaves it waiting
    if (clients.some((r) => r.code !== 0)) stop.abort();
    runs.push({ label: 'echo_server', r: await server });
    clients.forEach((r, i) => runs.push({ label: `echo_client ${i + 1}`, r }));
  } else {
    runs.push({ label: 'echo_server', r: await server });
  }
  return { runs, port: first };
}

export const pageCount = 10;

/* What examples/primes.c prints, wherever it runs: these lines, then the
 * heartbeat count (checked with primesHeartbeat: at least one). */
export const primesOutput = [
  'counting primes below 2000000 in 4 chunks on worker threads',
  'chunk 1: [0, 500000) has 41538 primes',
  'chunk 2: [500000, 1000000) has 36960 primes',
  'chunk 3: [1000000, 1500000) has 35657 primes',
  'chunk 4: [1500000, 2000000) has 34778 primes',
  'total: 148933 primes',
];
export const primesHeartbeat = /^the loop stayed responsive: (\d+) heartbeats while the threads worked$/;

/*
 * fetch_pages downloading /page/0 ... /page/9 from tools/pages-server.mjs,
 * three at a time.  Resolves with its run and the server's stats.
 */
async function runFetchPages(target) {
  const server = await startPagesServer(0);
  try {
    const urls = Array.from({ length: pageCount }, (_, i) => `http://127.0.0.1:${server.port}/page/${i}`);
    const r = await runProgram(target, 'fetch_pages', urls);
    return { runs: [{ label: 'fetch_pages', r }], stats: server.stats };
  } finally {
    await server.close();
  }
}

/* name: what the demo is called; programs: the programs it needs (file names). */
export const demos = [
  { name: 'sleepers', programs: ['sleepers'], targets: everywhere, run: (t) => runPlain(t, 'sleepers') },
  { name: 'rate_limit', programs: ['rate_limit'], targets: everywhere, run: (t) => runPlain(t, 'rate_limit') },
  { name: 'primes', programs: ['primes'], targets: withThreads, run: (t) => runPlain(t, 'primes') },
  { name: 'echo', programs: ['echo_server', 'echo_client'], targets: withSockets, run: runEcho },
  { name: 'fetch_pages', programs: ['fetch_pages'], targets: withSockets, run: runFetchPages },
];

/* Why a demo cannot run on target (its toolchain is missing), or undefined
 * (node:test skips on null too). */
export function skipReason(demo, target) {
  for (const p of demo.programs) {
    const where = locate(target, p);
    if (where.skip) return where.skip;
  }
  return undefined;
}
