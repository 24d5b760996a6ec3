// bench/anchors.mjs — the anchor workloads in Node's own async/await:
// the same workloads, sizes, delays and checksums as bench/anchors.py,
// written the way a Node user would.
//
//   node bench/anchors.mjs [--only NAME] [SCALE]
//
// One line per workload, `workload=NAME n=N seconds=S` (idle_mem:
// `bytes_per_task=B`); a wrong checksum prints `checksum wrong: ...` to
// stderr and exits 1.  Node has no Queue or Event, so each is a small
// promise class below.  asyncio's loop yield (sleep(0)) and its task start
// (create_task runs the coroutine in a later iteration) are each one
// setImmediate.  Everything runs in Node's one loop; each workload is timed
// with performance.now() after a full GC.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

// A full GC without asking the user for `node --expose-gc`.
v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');

const TIMERS_DELAY_SUM = 2503628; // the first 100,000 delays, in ms
const ECHO_CONNS = 100;
const ECHO_LINE = Buffer.from('x'.repeat(99) + '\n');

const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
const sleepMs = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const startTask = (fn, ...args) => yieldToLoop().then(() => fn(...args));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

class ChecksumError extends Error {}
function check(ok, what) {
  if (!ok) throw new ChecksumError(what);
}

// Delays in ms in [0, 50]; Math.imul keeps the product in 32 bits, as the
// other anchors' integer maths does.
function lcgDelays(n) {
  const out = new Array(n);
  for (let i = 0, x = 12345; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out[i] = (x >> 8) % 51;
  }
  return out;
}

function rssBytes() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error('no VmRSS in /proc/self/status');
  return Number(m[1]) * 1024;
}

// Seconds the promise takes from now, and its value.
async function timed(start) {
  const t0 = performance.now();
  const value = await start();
  return [(performance.now() - t0) / 1000, value];
}

// asyncio.Queue(maxsize): put waits while full, get while empty.
class Queue {
  constructor(maxsize) {
    this.maxsize = maxsize;
    this.items = [];
    this.getters = [];
    this.putters = [];
  }

  async put(value) {
    while (this.items.length >= this.maxsize) await new Promise((resolve) => this.putters.push(resolve));
    this.items.push(value);
    this.getters.shift()?.();
  }

  async get() {
    while (this.items.length === 0) await new Promise((resolve) => this.getters.push(resolve));
    const value = this.items.shift();
    this.putters.shift()?.();
    return value;
  }
}

// asyncio.Event.
class Event {
  constructor() {
    this.isSet = false;
    this.waiters = [];
  }

  wait() {
    return this.isSet ? Promise.resolve(true) : new Promise((resolve) => this.waiters.push(resolve));
  }

  set() {
    if (this.isSet) return;
    this.isSet = true;
    for (const resolve of this.waiters.splice(0)) resolve(true);
  }
}

async function spawn(n) {
  const one = async (i) => {
    await yieldToLoop();
    return i;
  };
  const [dt, results] = await timed(() => Promise.all(Array.from({ length: n }, (_, i) => one(i))));
  check(sum(results) === (n * (n - 1)) / 2, 'spawn sum');
  return dt;
}

async function pingpong(m) {
  const q1 = new Queue(1), q2 = new Queue(1);
  const b = async () => {
    for (let i = 0; i < m; i++) await q2.put((await q1.get()) + 1);
  };
  const a = async () => {
    const tb = b();
    let last = 0, total = 0;
    for (let i = 0; i < m; i++) {
      await q1.put(i);
      last = await q2.get();
      total += last;
    }
    await tb;
    return [last, total];
  };
  const [dt, [last, total]] = await timed(a);
  check(last === m && total === (m * (m + 1)) / 2, 'pingpong final value');
  return dt;
}

async function timers(n) {
  const delays = lcgDelays(n);
  const one = async (d) => {
    await sleepMs(d);
    return d;
  };
  const [dt, results] = await timed(() => Promise.all(delays.map(one)));
  check(sum(results) === sum(delays), 'timers sum');
  if (n === 100000) check(sum(delays) === TIMERS_DELAY_SUM, 'timers LCG sequence');
  // 1 ms of slack: libuv starts a timer from the loop's cached clock, which
  // can lag performance.now()
  check(dt >= delays.reduce((a, b) => Math.max(a, b), 0) / 1000 - 0.001, 'timers woke before the longest delay');
  return dt;
}

async function tree(depth) {
  // a TaskGroup of two: both children start as tasks, the parent joins them
  const node = async (d) => {
    if (d >= depth) return 1;
    const [left, right] = await Promise.all([startTask(node, d + 1), startTask(node, d + 1)]);
    return 1 + left + right;
  };
  const [dt, count] = await timed(() => node(0));
  check(count === 2 ** (depth + 1) - 1, 'tree count');
  return dt;
}

async function chain(n) {
  const leaf = async (i) => i;
  const [dt, s] = await timed(async () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += await leaf(i);
    return s;
  });
  check(s === (n * (n - 1)) / 2, 'chain sum');
  return dt;
}

async function idleMem(n) {
  const event = new Event();
  let waiting = 0;
  const waiter = async () => {
    waiting++;
    await event.wait();
    return 1;
  };
  gc();
  const base = rssBytes();
  const tasks = Array.from({ length: n }, waiter);
  await yieldToLoop();
  check(waiting === n, 'idle_mem: not all tasks waiting');
  gc(); // live objects only, not garbage the young generation still holds
  const grown = rssBytes() - base;
  event.set();
  check(sum(await Promise.all(tasks)) === n, 'idle_mem sum');
  return Math.floor(grown / n);
}

// n line round trips over ECHO_CONNS loopback connections.  The server
// writes each chunk straight back (net has no readline); a client sends its
// next line for every 100 bytes that come back.
async function echo(n) {
  const per = Math.max(1, Math.floor(n / ECHO_CONNS));
  const server = net.createServer((socket) => {
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const client = () => new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let sent = 0, got = 0, partial = 0;
    const send = () => {
      socket.write(ECHO_LINE);
      sent++;
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      got += chunk.length;
      for (partial += chunk.length; partial >= ECHO_LINE.length; partial -= ECHO_LINE.length) if (sent < per) send();
      if (got === per * ECHO_LINE.length) socket.end();
    });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
  const [dt, got] = await timed(() => Promise.all(Array.from({ length: ECHO_CONNS }, client)));
  await new Promise((resolve) => server.close(resolve));
  check(sum(got) === per * ECHO_CONNS * ECHO_LINE.length, 'echo bytes');
  return dt;
}

// [name, function, n at scale 1 (for tree, the depth)].  idle_mem first:
// memory the others free would be reused and hide its growth.
const WORKLOADS = [['idle_mem', idleMem, 100000], ['spawn', spawn, 200000], ['pingpong', pingpong, 200000],
  ['timers', timers, 100000], ['tree', tree, 16], ['chain', chain, 1000000], ['echo', echo, 50000]];

// The size run at scale, and the n printed (tree: its number of tasks).
function sizeAt(name, n, scale) {
  if (name === 'tree') {
    const depth = Math.max(1, n + Math.round(Math.log2(scale)));
    return [depth, 2 ** (depth + 1) - 1];
  }
  const size = name === 'echo' ? Math.max(1, Math.floor((n * scale) / 100)) * 100 : Math.max(1, Math.floor(n * scale));
  return [size, size];
}

function usage(why) {
  console.error(`anchors.mjs: ${why}\nusage: node bench/anchors.mjs [--only NAME] [SCALE]`);
  process.exit(2);
}

let opts;
try {
  opts = parseArgs({ options: { only: { type: 'string' } }, allowPositionals: true });
} catch (e) {
  usage(e.message);
}
const only = opts.values.only;
const scale = opts.positionals.length ? Number(opts.positionals[0]) : 1;
if (opts.positionals.length > 1 || !(scale > 0)) usage('scale must be > 0');
if (only && !WORKLOADS.some(([name]) => name === only)) usage(`no workload '${only}'`);

try {
  for (const [name, fn, n] of WORKLOADS) {
    if (only && name !== only) continue;
    const [size, shown] = sizeAt(name, n, scale);
    if (name === 'echo') await fn(Math.max(100, Math.floor(size / 1000) * 100)); // warm, untimed, as anchors.py
    gc();
    const out = await fn(size);
    if (name === 'idle_mem') console.log(`workload=idle_mem n=${shown} bytes_per_task=${out}`);
    else console.log(`workload=${name} n=${shown} seconds=${out.toFixed(4)}`);
  }
} catch (e) {
  if (!(e instanceof ChecksumError)) throw e;
  console.error(`checksum wrong: ${e.message}`);
  process.exitCode = 1;
}
