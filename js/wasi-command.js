// js/wasi-command.js — runWasi(): a WASI command module (clang's
// wasm32-wasi output, the file node:wasi and WAMR run) in a page, through
// JavaScript Promise Integration.  poll_oneoff and a blocking stdin read
// are WebAssembly.Suspending imports and _start is WebAssembly.promising,
// so while main() blocks in wa_run the wasm stack is parked and the page's
// event loop goes on: a clock wait is a setTimeout.  No Asyncify, no
// rebuild: the module is the very file the other WASI runtimes run.
import { compile } from './compile.js';
import { host } from './host.js';
import { ERRNO, Exit, wasiImports } from './wasi.js';

const NONBLOCK = 4;                                  // __WASI_FDFLAGS_NONBLOCK
const EVENT = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 };
const SUBSCRIPTION_SIZE = 48, EVENT_SIZE = 32;       // preview1's layouts
const ABSTIME = 1;                                   // __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME
const HANGUP = 1;                                    // __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP
const MAX_TIMEOUT_MS = 2 ** 31 - 1;                  // setTimeout's largest delay

export const JSPI_MISSING = 'wasyncio: runWasi() needs JavaScript Promise Integration (WebAssembly.Suspending and ' +
  'WebAssembly.promising), which this JavaScript engine lacks; for a blocking main() here, build it with Asyncify ' +
  '(wasyncio-cc --blocking main.c -o main.wasm) and run it with run()';

/**
 * Runs a WASI command module's _start and resolves with its exit status.
 * source: a path or URL (as load() takes it), bytes or a
 * WebAssembly.Module.  options: { args: string[], env: {NAME: value},
 * stdout(line), stderr(line), stdin: string | bytes | (async) iterable of
 * string or bytes chunks (a ReadableStream is one); none is an empty stdin,
 * signal: an AbortSignal whose abort ends a wait by rejecting with its
 * reason, as a killed process ends }.
 */
export async function runWasi(source, options = {}) {
  if (typeof WebAssembly.Suspending !== 'function' || typeof WebAssembly.promising !== 'function')
    throw new Error(JSPI_MISSING);
  options.signal?.throwIfAborted();
  if (source === undefined || source === null) throw new TypeError('wasyncio: runWasi: no module given');
  const module = await compile(source);
  const argv0 = typeof source === 'string' || source instanceof URL
    ? String(source).replace(/[?#].*$/, '').split('/').pop().replace(/\.wasm$/, '') || 'wasm' : 'wasm';
  return new Command(module, { argv0, ...options }).run();
}

// stdin as chunks of bytes: what has arrived, and a way to wait for more.
class Input {
  #chunks;        // iterator of the source's chunks, or null once it ended
  #buffer = new Uint8Array(0);
  #pulling = null;
  #encoder = new TextEncoder();

  constructor(source) {
    if (source === undefined || source === null) source = [];
    else if (typeof source === 'string' || source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      source = [source];
    }
    const iterate = source[Symbol.asyncIterator] ?? source[Symbol.iterator];
    if (typeof iterate !== 'function')
      throw new TypeError('wasyncio: runWasi: stdin must be a string, bytes or an iterable of them');
    this.#chunks = iterate.call(source);
  }

  get buffered() { return this.#buffer.length; }
  get ended() { return this.#chunks === null; }

  /** Resolves once more bytes arrived or the input ended. */
  more() {
    this.#pulling ??= (async () => {
      const { value, done } = await this.#chunks.next();
      if (done) this.#chunks = null;
      else this.#append(typeof value === 'string' ? this.#encoder.encode(value) : toBytes(value));
      this.#pulling = null;
    })();
    return this.#pulling;
  }

  /** Moves up to len buffered bytes into out (a Uint8Array); how many. */
  take(out) {
    const n = Math.min(out.length, this.#buffer.length);
    out.set(this.#buffer.subarray(0, n));
    this.#buffer = this.#buffer.subarray(n);
    return n;
  }

  #append(bytes) {
    const joined = new Uint8Array(this.#buffer.length + bytes.length);
    joined.set(this.#buffer);
    joined.set(bytes, this.#buffer.length);
    this.#buffer = joined;
  }
}

function toBytes(value) {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('wasyncio: runWasi: a stdin chunk must be a string or bytes');
}

class Command {
  #module;
  #memory = null;
  #wasi;
  #stdin;
  #flags = [0, 0, 0];       // fs_flags of fds 0..2 (fcntl O_NONBLOCK)
  #signal;
  #aborted;                 // rejects with the signal's reason
  #abort = null;            // the signal's listener that does it

  constructor(module, options) {
    this.#module = module;
    this.#signal = options.signal;
    this.#aborted = new Promise((resolve, reject) => {
      const signal = this.#signal;
      if (signal?.aborted) reject(signal.reason);     // while the module compiled
      else signal?.addEventListener('abort', this.#abort = () => reject(signal.reason), { once: true });
    });
    this.#aborted.catch(() => {});     // it rejects whether or not a wait is on
    this.#stdin = new Input(options.stdin);
    this.#wasi = wasiImports(() => this.#memory, {
      argv0: options.argv0,
      args: options.args ?? [],
      env: options.env ?? {},
      stdout: options.stdout ?? host.output('stdout'),
      stderr: options.stderr ?? host.output('stderr'),
    });
  }

  async run() {
    const imports = { wasi_snapshot_preview1: this.#imports() };
    checkImports(this.#module, imports);
    const instance = await WebAssembly.instantiate(this.#module, imports);
    if (typeof instance.exports._start !== 'function') {
      throw new TypeError('wasyncio: runWasi: not a WASI command module (it has no _start): ' +
        'load a reactor with load()');
    }
    this.#memory = instance.exports.memory;
    try {
      await WebAssembly.promising(instance.exports._start)();
      return 0;     // main() returned 0: wasi-libc's _start calls proc_exit only for others
    } catch (e) {
      if (e instanceof Exit) return e.code;
      throw e;
    } finally {
      this.#signal?.removeEventListener('abort', this.#abort);
      this.#wasi.flush();
    }
  }

  #view() { return new DataView(this.#memory.buffer); }

  #imports() {
    const shared = this.#wasi.imports;
    return {
      ...shared,
      fd_fdstat_get: (fd, stat) => {
        const e = shared.fd_fdstat_get(fd, stat);
        if (e === ERRNO.SUCCESS) this.#view().setUint16(stat + 2, this.#flags[fd], true);
        return e;
      },
      fd_fdstat_set_flags: (fd, flags) => {
        if (!(fd in this.#flags)) return ERRNO.BADF;
        this.#flags[fd] = flags;
        return ERRNO.SUCCESS;
      },
      fd_read: new WebAssembly.Suspending((fd, iovs, iovcnt, nread) => this.#read(fd, iovs, iovcnt, nread)),
      poll_oneoff: new WebAssembly.Suspending((subs, events, n, nevents) => this.#poll(subs, events, n, nevents)),
      // no sockets, no preopened directories: nothing to name a path under
      sock_accept: () => ERRNO.NOTSOCK,
      sock_shutdown: () => ERRNO.NOTSOCK,
      path_remove_directory: () => ERRNO.BADF,
      path_unlink_file: () => ERRNO.BADF,
    };
  }

  // A read of stdin waits for input (a Promise: the Suspending import
  // suspends on it) unless the fd is O_NONBLOCK.
  #read(fd, iovs, iovcnt, nread) {
    if (fd !== 0) return ERRNO.BADF;
    if (this.#stdin.buffered || this.#stdin.ended) return this.#copyIn(iovs, iovcnt, nread);
    if (this.#flags[0] & NONBLOCK) return ERRNO.AGAIN;
    return Promise.race([this.#stdin.more(), this.#aborted]).then(() => this.#read(fd, iovs, iovcnt, nread));
  }

  #copyIn(iovs, iovcnt, nread) {
    let total = 0;
    for (let i = 0; i < iovcnt; i++) {
      const view = this.#view();
      const ptr = view.getUint32(iovs + i * 8, true);
      const len = view.getUint32(iovs + i * 8 + 4, true);
      const n = this.#stdin.take(new Uint8Array(this.#memory.buffer, ptr, len));
      total += n;
      if (n < len) break;
    }
    this.#view().setUint32(nread, total, true);
    return ERRNO.SUCCESS;
  }

  // poll_oneoff: the subscriptions ready now, else a wait on the page's
  // event loop for the earliest clock or for stdin, whichever comes first.
  #poll(subsPtr, eventsPtr, n, neventsPtr) {
    if (n === 0) return ERRNO.INVAL;
    const view = this.#view();
    const subs = [];
    for (let i = 0; i < n; i++) {
      const at = subsPtr + i * SUBSCRIPTION_SIZE;
      const sub = { userdata: view.getBigUint64(at, true), tag: view.getUint8(at + 8) };
      if (sub.tag === EVENT.CLOCK) {
        // a deadline on performance.now()'s clock, whichever clock C named
        const timeout = Number(view.getBigUint64(at + 24, true)) / 1e6;
        const absolute = view.getUint16(at + 40, true) & ABSTIME;
        sub.deadline = performance.now() + (absolute ? timeout - clockMs(view.getUint32(at + 16, true)) : timeout);
      } else if (sub.tag === EVENT.FD_READ || sub.tag === EVENT.FD_WRITE) {
        sub.fd = view.getUint32(at + 16, true);
      } else {
        return ERRNO.INVAL;
      }
      subs.push(sub);
    }
    const ready = this.#ready(subs);
    return ready.length ? this.#report(ready, eventsPtr, neventsPtr) : this.#wait(subs, eventsPtr, neventsPtr);
  }

  // Every subscription here either is a clock or waits on stdin, so
  // something always ends the wait.
  async #wait(subs, eventsPtr, neventsPtr) {
    for (;;) {
      const clocks = subs.filter((s) => s.tag === EVENT.CLOCK);
      const soonest = clocks.reduce((a, s) => (a?.deadline < s.deadline ? a : s), null);
      const waits = [this.#aborted];
      let timer;
      if (soonest) {
        const ms = Math.min(Math.ceil(soonest.deadline - performance.now()), MAX_TIMEOUT_MS);
        // the timer's own clock may run a hair behind performance.now():
        // once it fired, its subscription is due
        waits.push(new Promise((resolve) => { timer = setTimeout(() => { soonest.fired = true; resolve(); }, ms); }));
      }
      if (subs.some((s) => s.tag === EVENT.FD_READ && s.fd === 0)) waits.push(this.#stdin.more());
      // on an abort too: no timer outlives its wait
      await Promise.race(waits).finally(() => clearTimeout(timer));
      const ready = this.#ready(subs);
      if (ready.length) return this.#report(ready, eventsPtr, neventsPtr);
    }
  }

  // The events of the subscriptions ready now.
  #ready(subs) {
    const now = performance.now();
    const events = [];
    for (const s of subs) {
      if (s.tag === EVENT.CLOCK) {
        if (s.fired || s.deadline <= now) events.push({ ...s, error: ERRNO.SUCCESS });
      } else if (s.tag === EVENT.FD_READ && s.fd === 0) {
        const { buffered, ended } = this.#stdin;
        if (buffered || ended) events.push({ ...s, error: ERRNO.SUCCESS, nbytes: buffered, flags: ended ? HANGUP : 0 });
      } else if (s.tag === EVENT.FD_WRITE && (s.fd === 1 || s.fd === 2)) {
        events.push({ ...s, error: ERRNO.SUCCESS, nbytes: 65536 });    // the callbacks take anything
      } else {
        events.push({ ...s, error: ERRNO.BADF });
      }
    }
    return events;
  }

  #report(events, eventsPtr, neventsPtr) {
    const view = this.#view();
    for (const [i, e] of events.entries()) {
      const at = eventsPtr + i * EVENT_SIZE;
      new Uint8Array(this.#memory.buffer, at, EVENT_SIZE).fill(0);
      view.setBigUint64(at, e.userdata, true);
      view.setUint16(at + 8, e.error, true);
      view.setUint8(at + 10, e.tag);
      view.setBigUint64(at + 16, BigInt(e.nbytes ?? 0), true);
      view.setUint16(at + 24, e.flags ?? 0, true);
    }
    view.setUint32(neventsPtr, events.length, true);
    return ERRNO.SUCCESS;
  }
}

// The clock clock_time_get reads (js/wasi.js), in milliseconds.
function clockMs(id) {
  return id === 0 ? Date.now() : performance.now();
}

// A module that imports anything but these WASI calls is not a WASI
// command this host runs: refuse it at load, naming what is missing.
function checkImports(module, imports) {
  const missing = WebAssembly.Module.imports(module)
    .filter(({ module: m, name, kind }) => kind !== 'function' || !(name in (imports[m] ?? {})))
    .map(({ module: m, name }) => `${m}.${name}`);
  if (missing.length) {
    throw new TypeError('wasyncio: runWasi: the module needs imports this WASI host does not provide: ' +
      missing.join(', '));
  }
}
