// js/wasyncio.js — the npm package: loads a wasyncio wasm module in Node
// (20+), a browser or a Web Worker and runs its event loop on the host's:
// C tasks become Tasks JS awaits like Promises, JS Promises and async
// functions become C futures, an AbortSignal cancels a C task.
//
// load() is for reactor modules (the package's own js/wasyncio.wasm, or C
// built with the "js" preset); run() is for command modules with a main(),
// including the Asyncify build of a blocking one.  Both flavours — emcc
// -sSTANDALONE_WASM and clang for WASI — import the same functions: the
// "wasyncio" ones below and a few of WASI's (js/wasi.js).  Sockets are
// node:net's in Node (js/net.js, loaded only for a module that uses them).
// What differs between Node and the web is in js/host.js: this file is the
// web's entry as it is, and js/node.js is Node's.
import { ERROR_CLASS, FRAME_INFO, KIND, SITE, STATE, TASK_INFO, VALUE, checkAbi, readAbi } from './abi.js';
import { CancelledError, ExceptionGroup, TimeoutError, WasyncioError } from './errors.js';
import { Memory, VALUE_SIZE } from './memory.js';
import { Scheduler, immediate } from './scheduler.js';
import { Exit, wasiImports } from './wasi.js';
import { compile } from './compile.js';
import { host } from './host.js';

export { CancelledError, ExceptionGroup, TimeoutError, WasyncioError };
export { runWasi } from './wasi-command.js';

/** Loads a reactor module (default: the package's runtime) and returns its
 *  Runtime.  options: { functions: {name: fn}, stdout(line), stderr(line),
 *  debug: boolean (asyncio's debug mode; reports go to stderr) }.  With
 *  debug, the package's runtime (no source, or a URL ending in
 *  wasyncio.wasm) is its debug build, wasyncio-debug.wasm beside it: the
 *  default one is smaller without debug mode, reprs and allTasks(). */
export async function load(source, options = {}) {
  return Runtime.load(source, options);
}

/** Runs a command module's main() and resolves with its exit status.
 *  options: as load's, plus args: string[]. */
export async function run(source, options = {}) {
  return Runtime.run(source, options);
}

// ---- tasks -------------------------------------------------------------------

let settleTask;

/**
 * A C future JS holds: a thenable (await it, or pass it to Promise.all)
 * that cancel() asks to stop.  It settles with the C outcome: the result
 * as a JS value, or a CancelledError, TimeoutError, ExceptionGroup or
 * WasyncioError.
 */
export class Task {
  #promise;
  #resolve;
  #reject;
  #cancel;
  #done = false;

  constructor(name, cancel) {
    this.name = name;
    this.#cancel = cancel;
    this.#promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  static {
    settleTask = (task, ok, value) => {
      if (task.#done) return;
      task.#done = true;
      // a cancellation nobody awaits is not an unhandled rejection (asyncio
      // does not report cancelled tasks either); errors still are
      if (!ok && value instanceof CancelledError) task.#promise.catch(() => {});
      (ok ? task.#resolve : task.#reject)(value);
    };
  }

  /** Requests cancellation (Task.cancel); false once the task is done. */
  cancel(message) {
    return !this.#done && this.#cancel(message);
  }

  get done() {
    return this.#done;
  }

  then(onFulfilled, onRejected) {
    return this.#promise.then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#promise.catch(onRejected);
  }

  finally(onFinally) {
    return this.#promise.finally(onFinally);
  }

  get [Symbol.toStringTag]() {
    return 'Task';
  }
}

// ---- the runtime -------------------------------------------------------------

const EXPORT_PREFIX = 'wa_js_export_';

// The sockets of a module that uses none: its host still imports watch
// and io_next, which nothing calls but a collect pass that finds nothing.
const NO_SOCKETS = {
  beforeTick: () => false,
  pending: () => false,
  closeAll() {},
  imports: () => ({ watch: () => 1, io_next: () => 0 }),
};

/** One instance of a module, its loop, and what crosses between it and JS.
 *  Made by load(); the constructor is not part of the API. */
export class Runtime {
  /** A start function per C entry point: runtime.tasks.name(...args). */
  tasks = Object.create(null);
  #options;
  #exports;
  #mem;
  #wasi;
  #loop = 0;
  #scheduler = new Scheduler(() => this.#guard(() => this.#tick()));
  #net;
  #functions = new Map();
  #entries = new Map();     // entry point name -> start function (table index)
  #watching = new Map();    // future -> its Task, until settled
  #external = new Map();    // future JS settles -> how to abort what it waits on
  #failure = null;
  #exit = null;             // run(): settles the exit status
  #asyncify = null;
  #wake = null;             // Asyncify: ends the current wait
  #wakeSoon = null;         // ... in a macrotask of its own, once armed: cancels it

  /** load(), as a static method. */
  static async load(source, options) {
    const rt = await Runtime.#create(source, options, 'load');
    return rt.#startLoop();
  }

  /** run(), as a static method. */
  static async run(source, options) {
    const rt = await Runtime.#create(source, options, 'run');
    return rt.#runMain();
  }

  static async #create(source, options, use) {
    const module = await compile(source, options?.debug);
    // main() sets up C's runtime in _start: load() would call into it unset
    if (use === 'load' && WebAssembly.Module.exports(module).some((e) => e.name === '_start'))
      throw new TypeError('wasyncio: this module has a main(): use run()');
    const rt = new Runtime(options);
    await rt.#instantiate(module);
    return rt;
  }

  constructor(options = {}) {
    this.#options = {
      stdout: options.stdout ?? host.output('stdout'),
      stderr: options.stderr ?? host.output('stderr'),
      args: options.args ?? [],
      debug: Boolean(options.debug),
    };
    this.#functions.set('fetch', hostFetch);
    for (const [name, fn] of Object.entries(options.functions ?? {})) this.provide(name, fn);
  }

  async #instantiate(module) {
    this.#wasi = wasiImports(() => this.#exports.memory, this.#options);
    this.#net = await this.#sockets(module);
    const imports = {
      wasyncio: {
        ...this.#net.imports(),
        now: () => performance.now() / 1000,
        arm: (loop, delay) => this.#scheduler.arm(delay),
        wait: (timeout) => this.#wait(timeout),
        report: (text) => this.#options.stderr(this.#mem.cstring(text)),
        settled: (fut) => this.#settled(fut),
        call: (fut, name, args, nargs) => this.#call(fut, name, args, nargs),
        abort: (fut) => {
          const abort = this.#external.get(fut);
          this.#external.delete(fut);
          abort?.();
        },
      },
      wasi_snapshot_preview1: this.#wasi.imports,
      env: { emscripten_notify_memory_growth: () => {} },
    };
    checkImports(module, imports);
    const instance = await WebAssembly.instantiate(module, imports);
    this.#exports = instance.exports;
    this.#mem = new Memory(this.#exports);
    checkAbi(readAbi(this.#exports, this.#mem.view));
    if (this.#exports.asyncify_start_unwind) this.#asyncify = new Asyncify(this.#exports, this.#mem);
    else if (WebAssembly.Module.imports(module).some((i) => i.module === 'wasyncio' && i.name === 'wait'))
      throw new TypeError('wasyncio: a blocking module (js-asyncify host) must be built with Asyncify');
    for (const name of Object.keys(this.#exports)) {
      if (!name.startsWith(EXPORT_PREFIX)) continue;
      const entry = name.slice(EXPORT_PREFIX.length);
      this.#entries.set(entry, this.#exports[name]());
      this.tasks[entry] = (...args) => this.start(entry, args);
    }
  }

  #startLoop() {
    if (!this.#exports.wa_js_init) throw new TypeError('wasyncio: not a reactor module (it has no wa_js_init): use run()');
    this.#guard(() => this.#exports._initialize?.());
    this.#loop = this.#exports.wa_js_init();
    if (!this.#loop) throw new Error(`wasyncio: ${this.#mem.cstring(this.#exports.wa_js_last_error())}`);
    if (this.#options.debug) this.debug = true;
    return this;
  }

  async #runMain() {
    if (!this.#exports._start) throw new TypeError('wasyncio: not a command module (it has no _start): use load()');
    const status = new Promise((resolve) => { this.#exit = resolve; });
    const main = () => this.#exports._start();
    try {
      if (this.#asyncify) await this.#asyncify.call(main);
      else main();
      // main() returned: a loop on the host's event loop may go on (wa_main)
      if (!this.#scheduler.armed && !this.#external.size) this.#exit(0);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      this.#exit(e.code);
    }
    const code = await status;
    this.#net.closeAll();       // as a process's exit closes its sockets
    this.#wasi.flush();
    return code;
  }

  /** Makes fn callable from C as wa_js_call(co, name, ...): it gets the
   *  arguments and an AbortSignal, and may return a value or a Promise. */
  provide(name, fn) {
    if (typeof fn !== 'function') throw new TypeError(`wasyncio: provide('${name}', fn): fn is not a function`);
    this.#functions.set(name, fn);
    return this;
  }

  /** Starts C entry point name with args; { signal } cancels it. */
  start(name, args = [], { signal } = {}) {
    let cancelFuture = () => false;
    const task = new Task(name, (message) => cancelFuture(message));
    try {
      if (this.#failure) throw this.#failure;
      const entry = this.#entries.get(name);
      if (entry === undefined) throw new TypeError(`wasyncio: the module exports no C entry point '${name}'`);
      const argv = this.#writeValues(args, true);
      const fut = this.#guard(() => this.#exports.wa_js_start(this.#loop, entry, argv, args.length));
      if (!fut) {
        throw new TypeError(this.#mem.cstring(this.#exports.wa_js_last_error()) ||
          `wasyncio: entry point '${name}' refused its arguments`);
      }
      this.#watching.set(fut, task);
      cancelFuture = (message) => this.#cancel(fut, message);
      if (signal) this.#follow(signal, task);
      this.#wake?.();
    } catch (e) {
      settleTask(task, false, e);
    }
    return task;
  }

  /** asyncio.sleep(delay, value) in C. */
  sleep(delay, value, options) {
    return this.start('sleep', [delay, value], options);
  }

  /** asyncio.gather(*awaitables, return_exceptions=...) in C. */
  gather(awaitables, { returnExceptions = false, signal } = {}) {
    return this.start('gather', [returnExceptions, ...awaitables], { signal });
  }

  /** asyncio.wait_for(awaitable, timeout) in C; timeout null waits forever. */
  waitFor(awaitable, timeout, options) {
    return this.start('wait_for', [awaitable, timeout ?? null], options);
  }

  /** How many C futures, tasks and timer handles are alive: back where it
   *  started once everything has settled, unless C leaks. */
  get liveObjects() {
    return this.#exports.wa_js_live_objects(this.#loop);
  }

  /** asyncio's debug mode on the runtime's loop: creation sites, slow
   *  callbacks, never-retrieved exceptions with where they came from, all
   *  reported through options.stderr. */
  get debug() {
    return Boolean(this.#exports.wa_js_get_debug?.(this.#loop));
  }

  set debug(on) {
    if (on || this.#exports.wa_js_set_debug) this.#debugOnly('debug mode').wa_js_set_debug(this.#loop, on ? 1 : 0);
  }

  // The exports of a module with the debug observer, or an error saying
  // how to get one.
  #debugOnly(what) {
    if (this.#exports.wa_js_set_debug) return this.#exports;
    throw new TypeError(`wasyncio: ${what} is only in the debug runtime: load it with load(url, { debug: true })`);
  }

  /** loop.slow_callback_duration in seconds (debug mode reports callbacks
   *  and task steps that run this long). */
  get slowCallbackDuration() {
    return this.#debugOnly('slowCallbackDuration').wa_js_get_slow_callback_duration(this.#loop);
  }

  set slowCallbackDuration(seconds) {
    const x = this.#debugOnly('slowCallbackDuration');
    if (x.wa_js_set_slow_callback_duration(this.#loop, Number(seconds)) !== 0)
      throw new RangeError(`wasyncio: slowCallbackDuration must be a number >= 0, not ${seconds}`);
  }

  /**
   * What every pending C task is doing, oldest first, as plain objects:
   * { name, state, activity, coro, awaiting, waitingFor, createdAt, stack }
   * (state: 'pending' or 'cancelling'; activity: 'running', 'ready' or
   * 'waiting'; awaiting: what it waits on, or null; waitingFor: seconds
   * since it began waiting, in debug mode, else null; createdAt and each
   * stack frame: { function, file, line }, createdAt null outside debug
   * mode; stack outermost first).
   */
  allTasks() {
    const x = this.#debugOnly('allTasks()');
    const mem = this.#mem;
    const count = x.wa_js_alloc(4);         // wa_js_tasks' size_t out-parameter
    const all = count && x.wa_js_tasks(this.#loop, count);
    const n = all ? mem.view.getUint32(count, true) : 0;
    x.wa_js_free(count);
    if (!all) throw new RangeError('wasyncio: out of wasm memory');
    const now = x.wa_js_loop_time(this.#loop);
    const tasks = [];
    try {
      for (let i = 0; i < n; i++) tasks.push(this.#taskInfo(mem.view.getUint32(all + 4 * i, true), now));
    } finally {
      x.wa_js_free(all);
    }
    return tasks;
  }

  // wa_task_info and wa_frame_info as js/abi.js lays them out.
  #taskInfo(task, now) {
    const x = this.#exports;
    const mem = this.#mem;
    const p = x.wa_js_task_info(task);
    const u32 = (at) => mem.view.getUint32(at, true);
    const str = (at) => mem.cstring(u32(at));
    const depth = u32(p + TASK_INFO.depth);
    const since = mem.view.getFloat64(p + TASK_INFO.since, true);
    const created = p + TASK_INFO.created;
    // a wa_site or wa_frame_info: both have func, file and line
    const place = (at, o) => ({
      function: str(at + o.func), file: str(at + o.file), line: mem.view.getInt32(at + o.line, true),
    });
    const info = {
      name: str(p + TASK_INFO.name),
      state: str(p + TASK_INFO.state),
      activity: str(p + TASK_INFO.activity),
      coro: str(p + TASK_INFO.coro),
      awaiting: mem.cstring(p + TASK_INFO.awaiting) || null,
      waitingFor: Number.isNaN(since) ? null : now - since,
      createdAt: u32(created + SITE.file) ? place(created, SITE) : null,
      stack: [],
    };
    for (let i = 0; i < depth; i++) info.stack.push(place(x.wa_js_task_frame(task, depth, i), FRAME_INFO));
    return info;
  }

  /** The module's raw exports, for C functions outside the task model. */
  get exports() {
    return this.#exports;
  }

  // ---- C -> JS ----------------------------------------------------------------

  #follow(signal, task) {
    const abort = () => task.cancel(reasonMessage(signal.reason));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    task.finally(() => signal.removeEventListener('abort', abort)).catch(() => {});
  }

  #cancel(fut, message) {
    const msg = message === undefined ? 0 : this.#mem.allocString(String(message));
    try {
      return this.#exports.wa_js_cancel(fut, msg) !== 0;
    } finally {
      if (msg) this.#mem.free(msg);
      this.#wake?.();
    }
  }

  #settled(fut) {
    const task = this.#watching.get(fut);
    this.#watching.delete(fut);
    const state = this.#exports.wa_js_state(fut);
    let ok = true, value;
    if (state === STATE.RESULT) {
      value = this.#mem.readValue(this.#exports.wa_js_result(fut), (e) => this.#readError(e));
    } else {
      const err = this.#exports.wa_js_exception(fut);
      ok = false;
      value = this.#readError(err);
      this.#exports.wa_js_error_unref(err);
    }
    this.#exports.wa_js_release(fut);
    if (task) settleTask(task, ok, value);
  }

  // reading: the errors being read around this one.  A cause that leads
  // back to one of them (a cycle, which C errors may form) is left out: a
  // JS error is built after its cause and children.
  #readError(e, reading = new Set()) {
    const x = this.#exports;
    const type = this.#mem.cstring(x.wa_js_error_name(e));
    const message = this.#mem.cstring(x.wa_js_error_message(e));
    const cause = x.wa_js_error_cause(e);
    reading.add(e);
    const options = cause && !reading.has(cause) ? { cause: this.#readError(cause, reading) } : undefined;
    try {
      switch (x.wa_js_error_class(e)) {
        case ERROR_CLASS.CANCELLED: return new CancelledError(message, options);
        case ERROR_CLASS.TIMEOUT: return new TimeoutError(message, options, type);
        case ERROR_CLASS.GROUP: {
          const children = [];
          for (let i = 0, n = x.wa_js_error_group_size(e); i < n; i++) children.push(this.#readError(x.wa_js_error_child(e, i), reading));
          return new ExceptionGroup(children, message, type, options);
        }
        default: return new WasyncioError(message, type, options);
      }
    } finally {
      reading.delete(e);
    }
  }

  // C awaits JS function name: call it once C's own code has returned.
  #call(fut, name, args, nargs) {
    const fnName = this.#mem.cstring(name);
    const argv = [];
    for (let i = 0; i < nargs; i++) argv.push(this.#mem.readValue(args + i * VALUE_SIZE, (e) => this.#readError(e)));
    const controller = new AbortController();
    this.#external.set(fut, () => controller.abort(new CancelledError('cancelled in C')));
    queueMicrotask(() => {
      if (!this.#external.has(fut)) return;
      const fn = this.#functions.get(fnName);
      if (!fn) {
        return this.#reject(fut, new TypeError(`wasyncio: C called '${fnName}', which is no JS function here ` +
          '(give it to load() in options.functions, or to runtime.provide)'));
      }
      let result;
      try {
        result = fn(...argv, controller.signal);
      } catch (e) {
        return this.#reject(fut, e);
      }
      Promise.resolve(result).then((v) => this.#resolve(fut, v), (e) => this.#reject(fut, e));
    });
  }

  // ---- JS -> C ----------------------------------------------------------------

  // A C array of values for args; Promises and Tasks only at the top.
  #writeValues(values, top) {
    const ptr = this.#mem.allocValues(values.length);
    try {
      values.forEach((v, i) => this.#mem.writeValue(ptr + i * VALUE_SIZE, v, (p, x, isTop) => this.#special(p, x, top && isTop)));
    } catch (e) {
      this.#exports.wa_js_values_free(ptr, values.length);
      throw e;
    }
    return ptr;
  }

  #special(ptr, v, promiseAllowed) {
    if (v instanceof Error) {
      const err = this.#toCError(v);
      this.#mem.view.setInt32(ptr, KIND.ERROR, true);
      this.#mem.view.setUint32(ptr + VALUE.PAYLOAD, err, true);
      return true;
    }
    if (typeof v?.then !== 'function') return false;
    if (!promiseAllowed) throw new TypeError('wasyncio: a Promise can only be passed to C as an argument of its own');
    const fut = this.#exports.wa_js_future_new(this.#loop);
    if (!fut) throw new RangeError('wasyncio: out of wasm memory');
    this.#exports.wa_js_value_future(ptr, fut);
    // C cancelling the future it awaits cancels a Task; a Promise cannot be
    this.#external.set(fut, v instanceof Task ? () => v.cancel() : () => {});
    Promise.resolve(v).then((x) => this.#resolve(fut, x), (e) => this.#reject(fut, e));
    return true;
  }

  #resolve(fut, value) {
    if (!this.#external.delete(fut)) return;
    let v;
    try {
      v = this.#writeValues([value], false);
    } catch (e) {
      return this.#rejectNow(fut, e);
    }
    this.#guard(() => this.#exports.wa_js_resolve(fut, v));
    this.#exports.wa_js_values_free(v, 1);
    this.#wake?.();
  }

  #reject(fut, error) {
    if (this.#external.delete(fut)) this.#rejectNow(fut, error);
  }

  #rejectNow(fut, error) {
    this.#guard(() => this.#exports.wa_js_reject(fut, this.#toCError(error)));
    this.#wake?.();
  }

  #toCError(e) {
    const x = this.#exports;
    const message = this.#mem.allocString(String(e?.message ?? e));
    let err;
    if (e instanceof AggregateError) {
      const children = e.errors.map((child) => this.#toCError(child));
      const array = x.wa_js_alloc(4 * children.length);
      children.forEach((c, i) => this.#mem.view.setUint32(array + 4 * i, c, true));
      err = x.wa_js_error_group_new(message, array, children.length);
      x.wa_js_free(array);
    } else {
      const name = this.#mem.allocString(cErrorName(e));
      err = x.wa_js_error_new(name, message);
      x.wa_js_free(name);
    }
    x.wa_js_free(message);
    if (e instanceof Error && e.cause !== undefined) x.wa_js_error_set_cause(err, this.#toCError(e.cause));
    return err;
  }

  // ---- the loop ---------------------------------------------------------------

  // Runs C; an Exit ends run(), a trap leaves the module unusable.
  #guard(fn) {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Exit && this.#exit) {
        this.#scheduler.arm(-1);
        this.#exit(e.code);
        return 0;
      }
      this.#fail(e);
      throw e;
    }
  }

  #fail(e) {
    this.#failure = new Error(`wasyncio: the wasm module failed: ${e?.message ?? e}`, { cause: e });
    this.#scheduler.arm(-1);
    this.#net.closeAll();
    for (const task of this.#watching.values()) settleTask(task, false, this.#failure);
    this.#watching.clear();
  }

  async #sockets(module) {
    if (!WebAssembly.Module.imports(module).some((i) => i.module === 'wasyncio' && i.name.startsWith('net_')))
      return NO_SOCKETS;
    const { Net } = await import('./net.js');
    return new Net(await host.sockets(), () => this.#mem, () => this.#pokeNet());
  }

  // A tick: sockets that became ready while the loop was idle first (the
  // host's wait only looks when work is ready), and another tick at once
  // while a watched socket is still ready.
  #tick() {
    if (this.#net.beforeTick()) this.#exports.wa_js_io_ready?.();
    this.#exports.wa_js_tick(this.#loop);
    if (this.#net.pending()) this.#scheduler.arm(0);
  }

  // A watched socket became ready in a Node callback: collect it soon.
  #pokeNet() {
    if (this.#failure) return;
    // Asyncify: after this turn's other socket callbacks, so one rewind into
    // C serves every socket ready in it, as the scheduler's tick does.
    if (!this.#asyncify) this.#scheduler.arm(0);
    else if (this.#wake && !this.#wakeSoon) this.#wakeSoon = immediate(() => this.#wake?.());
  }

  // Asyncify: the blocking host's wait, an unwind until the deadline or
  // until JS settles something C waits on or a socket is ready.
  #wait(timeout) {
    if (this.#asyncify.rewinding) return this.#asyncify.resumed();
    this.#asyncify.suspend(new Promise((resolve) => {
      const id = timeout >= 0 ? setTimeout(resolve, Math.ceil(timeout * 1000)) : undefined;
      this.#wake = () => {
        clearTimeout(id);
        this.#wakeSoon?.();
        this.#wake = this.#wakeSoon = null;
        resolve();
      };
    }));
  }
}

function reasonMessage(reason) {
  if (reason === undefined) return undefined;
  return reason instanceof Error ? reason.message : String(reason);
}

// The C type a JS error becomes (a name C does not know: JSError).
function cErrorName(e) {
  if (e instanceof WasyncioError) return e.type;
  if (!(e instanceof Error) && !(typeof DOMException === 'function' && e instanceof DOMException)) return 'JSError';
  if (e.name === 'AbortError') return 'CancelledError';
  return e.name;
}

// Every import the module asks for must be one this loader provides.
function checkImports(module, imports) {
  const missing = WebAssembly.Module.imports(module)
    .filter(({ module: m, name, kind }) => kind !== 'function' || typeof imports[m]?.[name] !== 'function')
    .map(({ module: m, name }) => `${m}.${name}`);
  if (missing.length) {
    throw new TypeError(`wasyncio: the module needs imports this loader does not provide: ${missing.join(', ')} ` +
      '(a C function declared but never defined?)');
  }
}

// The JS side of wa_fetch (src/js/fetch.c).
async function hostFetch(url, method, headers, body, signal) {
  const init = { method, signal, headers: headers.map(splitHeader) };
  if (body !== undefined) init.body = body;
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (signal.aborted) throw e;
    throw new WasyncioError(`fetch ${url}: ${e.cause?.message ?? e.message}`, 'OSError');
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return [response.status, response.statusText, [...response.headers], bytes];
}

function splitHeader(line) {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new TypeError(`wasyncio: header '${line}' is not 'Name: value'`);
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

// Asyncify (binaryen's pass): unwinds the wasm stack out of an import into
// a buffer, and rewinds it by calling the same export again.
class Asyncify {
  static STACK = 64 * 1024;
  #exports;
  #mem;
  #data;
  #pending = null;
  rewinding = false;

  constructor(exports, mem) {
    this.#exports = exports;
    this.#mem = mem;
    this.#data = exports.wa_js_alloc(8 + Asyncify.STACK);
  }

  // Called by an import: unwind to the export, which then waits for done.
  suspend(done) {
    const view = this.#mem.view;
    view.setUint32(this.#data, this.#data + 8, true);
    view.setUint32(this.#data + 4, this.#data + 8 + Asyncify.STACK, true);
    this.#pending = done;
    this.#exports.asyncify_start_unwind(this.#data);
  }

  // Called by the same import when the rewind reaches it.
  resumed() {
    this.rewinding = false;
    this.#exports.asyncify_stop_rewind();
  }

  // Calls fn (an export), rewinding into it each time it unwound.
  async call(fn) {
    let result = fn();
    while (this.#pending) {
      this.#exports.asyncify_stop_unwind();
      await this.#pending;
      this.#pending = null;
      this.rewinding = true;
      this.#exports.asyncify_start_rewind(this.#data);
      result = fn();
    }
    return result;
  }
}
