// js/wasyncio.d.ts — the types of js/wasyncio.js and of js/node.js, its
// Node entry (and the error classes of js/errors.js they re-export).
// Hand-written: keep in step with the JS, and with the value mapping in
// README; tests/node/package.test.mjs typechecks a consumer against the
// packed package.

/**
 * A value that can cross to C: undefined/null (NONE), boolean, an integer
 * number or BigInt (INT), another number (DOUBLE), string, bytes
 * (ArrayBuffer or any view of one), an Array of these (LIST), or an Error.
 */
export type CValue =
  | undefined
  | null
  | boolean
  | number
  | bigint
  | string
  | ArrayBuffer
  | ArrayBufferView
  | Error
  | readonly CValue[];

/**
 * An argument of a C entry point: a CValue, or — as an argument of its own,
 * never inside an Array — a Promise or Task, which C sees as a future.
 */
export type CArgument = CValue | PromiseLike<unknown>;

/**
 * A value as it comes back from C: undefined, boolean, number (BigInt past
 * Number.MAX_SAFE_INTEGER), string, Uint8Array, Array, or an error.
 */
export type CResult =
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | WasyncioError
  | ExceptionGroup
  | CResult[];

/**
 * What a value T becomes once it has crossed to C and back: null becomes
 * undefined, bytes a Uint8Array copy, an Error a WasyncioError (an
 * AggregateError an ExceptionGroup), Arrays item by item.  Integers beyond
 * Number.MAX_SAFE_INTEGER come back as BigInt, which this does not model.
 */
export type FromC<T> = [CValue] extends [T] ? CResult     // all of CValue (or unknown): stops the recursion
  : T extends null | undefined ? undefined
  : T extends ArrayBuffer | ArrayBufferView ? Uint8Array
  : T extends AggregateError ? ExceptionGroup
  : T extends Error ? WasyncioError
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: FromC<T[K]> }
  : T;

/** What an awaitable settles with once C has awaited it (gather's items). */
export type Settled<A> = A extends PromiseLike<infer U> ? FromC<U> : never;

/**
 * A JS function C can await with wa_js_call(co, name, args, n): it gets the
 * arguments (as JS values: undefined, boolean, number or BigInt, string,
 * Uint8Array, Array, Error) and then an AbortSignal that aborts when C
 * cancels the call; it may return a CValue or a Promise of one.
 */
export type JSFunction = (...args: any[]) => unknown;

/** Options of load(). */
export interface LoadOptions {
  /** JS functions C can await, by name (see Runtime.provide). */
  functions?: Record<string, JSFunction>;
  /** Gets each line C writes to stdout (default: process.stdout or console.log). */
  stdout?: (line: string) => void;
  /** Gets each line C writes to stderr (default: process.stderr or console.error),
   *  the loop's reports included. */
  stderr?: (line: string) => void;
  /**
   * asyncio's debug mode on the runtime's loop (see Runtime.debug).  For
   * the package's runtime (no source, or a URL ending in wasyncio.wasm) it
   * loads the debug runtime, wasyncio-debug.wasm beside it: the default
   * one leaves out debug mode, reprs and allTasks() to be small.
   */
  debug?: boolean;
}

/** Where code is: a C function, its file and a line. */
export interface SourceLocation {
  function: string;
  file: string;
  line: number;
}

/** What a pending C task is doing: one entry of Runtime.allTasks(). */
export interface TaskInfo {
  /** The task's name ("Task-3" unless C named it). */
  name: string;
  /** asyncio's state of a pending task. */
  state: 'pending' | 'cancelling';
  /** Running its step now, scheduled to run, or waiting on awaiting. */
  activity: 'running' | 'ready' | 'waiting';
  /** The task's coroutine: its step function's name. */
  coro: string;
  /** What it waits on, as asyncio's repr ("<sleep pending>",
   *  "<Task pending name='x' ...>"), or null. */
  awaiting: string | null;
  /** Seconds since it began waiting (or became ready): debug mode only. */
  waitingFor: number | null;
  /** Where it was created: debug mode only. */
  createdAt: SourceLocation | null;
  /** Its await chain, outermost (the task's coroutine) first; each frame's
   *  line is where it is suspended. */
  stack: SourceLocation[];
}

/** Options of run(): load's, plus the command line. */
export interface RunOptions extends LoadOptions {
  /** main()'s argv after argv[0]. */
  args?: readonly string[];
}

/** Options of a start: an AbortSignal whose abort cancels the task. */
export interface StartOptions {
  signal?: AbortSignal;
}

/**
 * A wasm module: a path or URL (string or URL, fetched or read from disk),
 * its bytes, or a compiled WebAssembly.Module.
 */
export type ModuleSource = string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Loads a reactor module (default: the package's runtime, js/wasyncio.wasm,
 * or js/wasyncio-debug.wasm with { debug: true }) and returns its Runtime.
 * A string source is relative to the working directory in Node, to the
 * page's base URL in a browser, and to the worker's URL in a Web Worker.
 * A module with a main() is for run(): load() rejects it with a TypeError.
 *
 * The default runtime reports errors ("Task exception was never retrieved",
 * "Task was destroyed but it is pending!", "coroutine '...' was never
 * awaited") with CPython's words but names futures and tasks briefly,
 * `<Task finished name='w'>`, where the debug runtime prints asyncio's
 * full repr.
 */
export function load(source?: ModuleSource, options?: LoadOptions): Promise<Runtime>;

/**
 * Runs a command module's main() and resolves with its exit status.
 * (There is no default module: the package's runtime has no main().)
 */
export function run(source: ModuleSource, options?: RunOptions): Promise<number>;

/** Options of runWasi(): a WASI command's command line, environment and stdio. */
export interface RunWasiOptions {
  /** main()'s argv after argv[0]. */
  args?: readonly string[];
  /** main()'s argv[0] (default: the file name, without .wasm, of a path
   *  or URL source; else "wasm"). */
  argv0?: string;
  /** The environment getenv() sees (default: empty). */
  env?: Readonly<Record<string, string>>;
  /** Gets each line the module writes to stdout (default: process.stdout or console.log). */
  stdout?: (line: string) => void;
  /** Gets each line the module writes to stderr (default: process.stderr or console.error). */
  stderr?: (line: string) => void;
  /**
   * stdin: all of it at once, or chunks as they come (an async iterable,
   * such as a ReadableStream or an async generator); a read waits for the
   * next chunk while the page goes on.  Default: empty (end of input).
   */
  stdin?: string | ArrayBuffer | ArrayBufferView
    | Iterable<string | ArrayBuffer | ArrayBufferView> | AsyncIterable<string | ArrayBuffer | ArrayBufferView>;
  /** Its abort ends the run at its next wait, rejecting with the signal's
   *  reason, as a killed process ends. */
  signal?: AbortSignal;
}

/**
 * Runs a WASI command module — clang's wasm32-wasi output, the same file
 * node:wasi or WAMR runs — and resolves with its exit status (main()'s
 * return or exit()'s argument).  Its blocking waits (wa_run's poll_oneoff,
 * a read of stdin) suspend through JavaScript Promise Integration
 * (WebAssembly.Suspending, WebAssembly.promising) while the host's event
 * loop goes on; no Asyncify, no rebuild.  A source is what load() takes
 * (but there is no default module).
 *
 * Rejects with an Error where JSPI is missing (Node 20, older browsers)
 * that names the fallback: an Asyncify build (wasyncio-cc --blocking) run
 * with run().  Rejects with a TypeError, at load, for a module that imports
 * anything but the WASI calls provided (named in the message) or has no
 * _start.  There are no sockets and no files but stdio.
 */
export function runWasi(source: ModuleSource, options?: RunWasiOptions): Promise<number>;

/**
 * A C future JS holds: a thenable (await it, or pass it to Promise.all)
 * that cancel() asks to stop.  It settles with the C outcome: the result
 * as a JS value, or a CancelledError, TimeoutError, ExceptionGroup or
 * WasyncioError.  Made by a Runtime, never with new.
 */
export class Task<T = unknown> implements PromiseLike<T> {
  private constructor();
  /** The C entry point it runs. */
  readonly name: string;
  /** Whether it has settled. */
  readonly done: boolean;
  /** Requests cancellation (Task.cancel); false once the task is done. */
  cancel(message?: string): boolean;
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
  catch<R = never>(onRejected?: ((reason: any) => R | PromiseLike<R>) | null): Promise<T | R>;
  finally(onFinally?: (() => void) | null): Promise<T>;
  readonly [Symbol.toStringTag]: 'Task';
}

/**
 * One instance of a module, its loop, and what crosses between it and JS.
 * Made by load(); the constructor is not part of the API.
 */
export class Runtime {
  private constructor();
  /** A start function per C entry point: runtime.tasks.name(...args). */
  readonly tasks: Record<string, (...args: CArgument[]) => Task>;
  /**
   * Makes fn callable from C as wa_js_call(co, name, ...): it gets the
   * arguments and an AbortSignal, and may return a value or a Promise.
   */
  provide(name: string, fn: JSFunction): this;
  /**
   * Starts C entry point name with args; { signal } cancels it.  T is what
   * the caller knows the entry point returns (unchecked).  An entry point
   * that refuses its arguments rejects the Task with the C error it raised
   * (wa_js_raise), else with a TypeError.
   */
  start<T = unknown>(name: string, args?: readonly CArgument[], options?: StartOptions): Task<T>;
  /** asyncio.sleep(delay, value) in C. */
  sleep<T extends CValue = undefined>(delay: number, value?: T, options?: StartOptions): Task<FromC<T>>;
  /**
   * asyncio.gather(*awaitables, return_exceptions=...) in C: a list of the
   * results in order; with returnExceptions, errors stand in the list.
   */
  gather<A extends readonly PromiseLike<unknown>[] | []>(
    awaitables: A,
    options?: { returnExceptions?: false; signal?: AbortSignal },
  ): Task<{ -readonly [K in keyof A]: Settled<A[K]> }>;
  gather<A extends readonly PromiseLike<unknown>[] | []>(
    awaitables: A,
    options: { returnExceptions: boolean; signal?: AbortSignal },
  ): Task<{ -readonly [K in keyof A]: Settled<A[K]> | WasyncioError | ExceptionGroup }>;
  /** asyncio.wait_for(awaitable, timeout) in C; timeout null waits forever. */
  waitFor<T>(awaitable: PromiseLike<T>, timeout: number | null, options?: StartOptions): Task<FromC<T>>;
  /**
   * How many C futures, tasks and timer handles are alive: back where it
   * started once everything has settled, unless C leaks.
   */
  readonly liveObjects: number;
  /**
   * asyncio's debug mode on the runtime's loop: creation sites kept,
   * callbacks and task steps slower than slowCallbackDuration reported,
   * never-retrieved exceptions and destroyed tasks reported with where they
   * were created, all through options.stderr.  Only in the debug runtime
   * (load with { debug: true }): elsewhere it reads false, and setting it
   * true throws a TypeError naming { debug: true }.
   */
  debug: boolean;
  /** loop.slow_callback_duration in seconds (default 0.1); RangeError when
   *  negative or not a number.  Debug runtime only (else TypeError). */
  slowCallbackDuration: number;
  /** What every pending C task is doing, oldest first.  Debug runtime only:
   *  elsewhere a TypeError naming { debug: true }. */
  allTasks(): TaskInfo[];
  /** The module's raw exports, for C functions outside the task model. */
  readonly exports: WebAssembly.Exports;
}

/**
 * A C error with no more specific class: name and type are the C type's
 * name ("ValueError", "QueueEmpty", "JSError", ...).
 */
export class WasyncioError extends Error {
  constructor(message?: string, type?: string, options?: ErrorOptions);
  /** The C error type's name (also the name). */
  type: string;
}

/** asyncio.CancelledError: the task was cancelled (message: the cancel message). */
export class CancelledError extends WasyncioError {
  constructor(message?: string, options?: ErrorOptions);
}

/** TimeoutError (or a C subclass of it, named by type). */
export class TimeoutError extends WasyncioError {
  constructor(message?: string, options?: ErrorOptions, type?: string);
}

/** An ExceptionGroup or BaseExceptionGroup: errors are its children. */
export class ExceptionGroup extends AggregateError {
  constructor(errors: Iterable<Error>, message?: string, type?: string, options?: ErrorOptions);
  errors: Error[];
  /** "ExceptionGroup" or "BaseExceptionGroup" (also the name). */
  type: string;
}
