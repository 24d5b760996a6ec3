// gen.mjs — writes random programs in the fuzz language (LANGUAGE.md) from
// a seed: the same seed and knobs give the same program on every Node
// version, since the only randomness is the 32-bit PRNG below.
//
// No program's meaning may depend on an order asyncio leaves unspecified:
//   - every delay is a whole number of seconds plus a power of two 2^-3..2^-24
//     of its own (at most 22 timed ops a program; past that, ops go untimed),
//     so two deadlines are never equal;
//   - each task has at most one spawn site and no op runs twice (no loops).
// Within that, it prefers programs that make features meet: references to
// tasks started earlier, producers and consumers on a queue, lock holders
// that release, task groups with a failing child, cancellations sent after
// a sleep so that they land while the target waits inside a timeout, a task
// group or a lock, try/except around awaits; misuse comes from small weights.
//
//   node tests/fuzz/gen.mjs --seed 7 [--tasks 4 --depth 2 --ops 6 --weights sleep=2,cancel=5]
import { print } from './program.mjs';

export const KNOBS = { tasks: 4, depth: 2, ops: 6, weights: {} };

// Relative weight of each op; knobs.weights overrides any of them.
export const WEIGHTS = {
  sleep: 6, yield: 2, spawn: 6, await: 4, cancel: 3, uncancel: 0.4, cancelling: 0.5,
  set_result: 3, set_exception: 1.5, result: 0.8, done: 0.8,
  gather: 2, wait: 2, wait_for: 2, shield: 1, as_completed: 1,
  timeout: 3, reschedule: 2, taskgroup: 2.5, tg_spawn: 6, with: 3, try: 4,
  acquire: 1.5, release: 0.3, locked: 0.4,
  set: 1.5, clear: 0.4, is_set: 0.4, event_wait: 1.5,
  cond_wait: 2, notify: 1.5, notify_all: 1,
  barrier_wait: 2, barrier_abort: 0.3, barrier_reset: 0.3,
  put: 2.5, get: 2.5, put_nowait: 1, get_nowait: 0.6, task_done: 1.2, join: 1, shutdown: 0.5,
  shutdown_now: 0.3, qsize: 0.4,
  call_soon: 1, call_later: 1, handle_cancel: 0.8,
  return: 1.5, raise: 2,
};

// Per-flavour multipliers: a task is written as one kind of participant.
const FLAVOURS = {
  plain: {},
  producer: { put: 5, put_nowait: 2, join: 3, shutdown: 2 },
  consumer: { get: 6, task_done: 5, get_nowait: 1.5 },
  holder: { with: 4, acquire: 4, sleep: 1.5 },
  waiter: { event_wait: 4, cond_wait: 3, barrier_wait: 4, set: 2, notify: 2 },
  supervisor: { spawn: 2, cancel: 3, sleep: 1.5, taskgroup: 2, tg_spawn: 2, wait: 2, gather: 2 },
};

const RAISED = ['ValueError', 'ValueError', 'RuntimeError', 'KeyError', 'TypeError', 'ZeroDivisionError',
  'TimeoutError', 'CancelledError'];
const CAUGHT = ['Exception', 'ValueError', 'CancelledError', 'TimeoutError', 'BaseException', 'RuntimeError',
  'ExceptionGroup', 'BaseExceptionGroup', 'KeyError', 'QueueEmpty', 'QueueFull', 'QueueShutDown',
  'InvalidStateError', 'BrokenBarrierError', 'ZeroDivisionError', 'TypeError'];
const MESSAGES = ['-', '-', 'm1', 'stop', 'boom', 'x'];

// mulberry32: 32-bit state, integer ops only, identical everywhere.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Exact decimal text of whole + 2^-e: 2^-e = 5^e / 10^e.
export function delayText(whole, e) {
  return `${whole}.${(5n ** BigInt(e)).toString().padStart(e, '0')}`;
}

class Gen {
  constructor(seed, knobs) {
    this.r = prng(Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x5bd1e995);
    this.knobs = knobs;
    this.weights = { ...WEIGHTS, ...knobs.weights };
    this.powers = this.shuffle([...Array(22)].map((_, i) => i + 3));
    this.handles = 0;
    this.groups = 0;
    this.handleNames = [];
    this.groupNames = [];
    this.setFutures = new Set(); // futures and events some op completes
  }

  rand() { return this.r(); }
  int(lo, hi) { return lo + Math.floor(this.r() * (hi - lo + 1)); }
  chance(p) { return this.r() < p; }
  pick(list) { return list[Math.floor(this.r() * list.length)]; }
  shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
  value() { return this.chance(0.1) ? 'none' : String(this.int(-3, 40)); }
  message() { return this.pick(MESSAGES); }

  // A delay of its own power of two, or null when the program has used all 22.
  delay() {
    if (!this.powers.length) return null;
    return delayText(this.pick([0, 0, 0, 0, 1, 1, 2]), this.powers.pop());
  }
  // A timeout argument: sometimes none on purpose, none when out of powers.
  maybeDelay(pNone = 0.12) {
    return this.chance(pNone) ? 'none' : (this.delay() ?? 'none');
  }

  declare() {
    const decls = [];
    const add = (kind, prefix, count, args) => {
      for (let i = 1; i <= count; i++) decls.push({ kind, name: `${prefix}${i}`, args: args() });
    };
    add('future', 'f', this.int(0, 2), () => []);
    add('lock', 'l', this.chance(0.4) ? 1 : 0, () => []);
    add('event', 'e', this.chance(0.35) ? 1 : 0, () => []);
    add('condition', 'c', this.chance(0.3) ? 1 : 0, () => []);
    add('semaphore', 's', this.chance(0.25) ? 1 : 0, () => [String(this.int(0, 2))]);
    add('bsemaphore', 'b', this.chance(0.2) ? 1 : 0, () => [String(this.int(1, 2))]);
    add('barrier', 'r', this.chance(0.2) ? 1 : 0, () => [String(this.int(1, 3))]);
    add('queue', 'q', this.chance(0.45) ? this.int(1, 2) : 0, () => [String(this.int(0, 2))]);
    this.decls = decls;
    this.of = (...kinds) => decls.filter((d) => kinds.includes(d.kind)).map((d) => d.name);
    return decls;
  }

  program() {
    const decls = this.declare();
    const n = this.int(0, this.knobs.tasks);
    // tasks in spawn order: a task is written when its spawn site is
    this.tasks = [...Array(n)].map((_, i) => ({ name: `t${i + 1}`, body: null, started: false, fail: false }));
    // main starts most tasks itself, some first thing, so that others can refer to them
    const early = [];
    for (const t of this.tasks) {
      if (!this.chance(0.5)) break;
      t.started = true;
      early.push({ op: 'spawn', args: [t.name] });
    }
    const main = [...early, ...this.body({ who: 'main', depth: 0, flavour: this.chance(0.5) ? 'supervisor' : 'plain' },
      this.int(1, this.knobs.ops + 1), true)];
    const end = () => (['return', 'raise'].includes(main[main.length - 1].op) ? main.length - 1 : main.length);
    for (const t of this.tasks) {
      if (t.started || !this.chance(0.7)) continue;
      t.started = true;
      main.splice(this.int(early.length, end()), 0, { op: 'spawn', args: [t.name] });
    }
    // a future or event nobody completes leaves its waiters stuck until the
    // watchdog: most get a timer that completes them
    for (const name of [...this.of('future'), ...this.of('event')]) {
      if (this.setFutures.has(name) || !this.chance(0.75)) continue;
      const d = this.delay();
      if (!d) break;
      const inner = this.of('event').includes(name) ? { op: 'set', args: [name] }
        : this.chance(0.75) ? { op: 'set_result', args: [name, this.value()] }
          : { op: 'set_exception', args: [name, this.pick(RAISED.slice(0, 6)), this.message()] };
      const h = `h${++this.handles}`;
      this.handleNames.push(h);
      main.splice(this.int(0, early.length), 0, { op: 'call_later', args: [h, d], inner });
    }
    // the tasks get to run when main waits for them before it ends
    const started = this.tasks.filter((t) => t.started).map((t) => t.name);
    if (started.length && this.chance(0.6)) {
      main.splice(end(), 0, this.chance(0.7) ? { op: 'gather', args: ['ret', ...started.slice(0, 4)] }
        : { op: 'wait', args: ['all', 'none', ...started.slice(0, 4)] });
    } else if (this.chance(0.3) && this.powers.length) {
      main.splice(end(), 0, { op: 'sleep', args: [delayText(this.int(3, 5), this.powers.pop())] });
    }
    for (let k = 0; k < this.tasks.length; k++) {
      const t = this.tasks[k];
      if (!t.started) continue;
      t.body = this.taskBody(t);
    }
    // a task never spawned still gets a body (references to it print "not started")
    for (const t of this.tasks) if (!t.body) t.body = this.taskBody(t);
    return { decls, tasks: this.tasks.map((t) => ({ name: t.name, body: t.body })), main };
  }

  taskBody(t) {
    const flavours = ['plain', 'plain'];
    if (this.of('queue').length) flavours.push('producer', 'consumer', 'consumer');
    if (this.of('lock', 'semaphore', 'bsemaphore', 'condition').length) flavours.push('holder', 'holder');
    if (this.of('event', 'condition', 'barrier').length) flavours.push('waiter', 'waiter');
    if (this.tasks.some((o) => !o.started)) flavours.push('supervisor');
    const ctx = { who: t.name, depth: 0, flavour: this.pick(flavours), self: t.name };
    const body = this.body(ctx, this.int(1, this.knobs.ops), true);
    if (t.fail && !['return', 'raise'].includes(body[body.length - 1].op)) {
      body.push({ op: 'raise', args: [this.pick(RAISED.slice(0, 6)), this.message()] });
    }
    return body;
  }

  // The next task nobody spawns yet, marked as spawned here.
  claimTask() {
    const t = this.tasks.find((o) => !o.started);
    if (t) t.started = true;
    return t;
  }
  // Names an awaitable: mostly tasks already started (in writing order) and
  // futures.  An op that waits (waits) names only tasks written before its own
  // task: a cycle of tasks waiting on each other makes CPython's cancel()
  // recurse without end (each cancels the future its waiter waits on).
  awaitable(ctx, exclude = [], waits = true) {
    const mine = this.tasks.findIndex((t) => t.name === ctx.self);
    const allowed = this.tasks.filter((t, i) => t.name !== ctx.self && (!waits || mine < 0 || i < mine));
    const started = allowed.filter((t) => t.started).map((t) => t.name);
    const pool = [...started, ...started, ...this.of('future')];
    if (this.chance(0.05)) pool.push(...allowed.map((t) => t.name));
    const left = pool.filter((x) => !exclude.includes(x));
    return left.length ? this.pick(left) : null;
  }
  awaitables(ctx, max) {
    const names = [];
    const n = this.int(1, max);
    for (let i = 0; i < n; i++) {
      const x = this.awaitable(ctx, names);
      if (x) names.push(x);
    }
    return names;
  }

  // A body of about n ops; last: whether it may end in return / raise.
  body(ctx, n, last) {
    const out = [];
    const releases = [];
    for (let i = 0; i < n; i++) {
      const node = this.op(ctx, out, releases);
      if (node) out.push(node);
    }
    // lock holders release, somewhere after they acquired
    for (const { name, after } of releases) {
      const at = this.int(after + 1, out.length);
      out.splice(at, 0, { op: 'release', args: [name] });
    }
    if (ctx.inExcept && this.chance(0.3)) out.push({ op: 'reraise', args: [] });
    else if (last && this.chance(this.weights.return / 10)) out.push({ op: 'return', args: [this.value()] });
    else if ((last || ctx.inTry) && this.chance(this.weights.raise / (ctx.inTry ? 4 : 10))) {
      out.push({ op: 'raise', args: [this.pick(RAISED), this.message()] });
    }
    if (!out.length) out.push({ op: 'yield', args: [] });
    return out;
  }

  // Picks and writes one op; null when the pick does not apply here.
  op(ctx, out, releases) {
    const mult = FLAVOURS[ctx.flavour] ?? {};
    const entries = Object.entries(this.weights)
      .filter(([op]) => op !== 'return' && op !== 'raise')
      .map(([op, w]) => [op, w * (mult[op] ?? 1)]);
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.rand() * total;
    let op = entries[entries.length - 1][0];
    for (const [name, w] of entries) {
      if ((x -= w) < 0) { op = name; break; }
    }
    return this.write(op, ctx, out, releases);
  }

  write(op, ctx, out, releases) {
    const nested = (extra) => this.body({ ...ctx, depth: ctx.depth + 1, ...extra }, this.int(1, Math.max(1, this.knobs.ops - 2)), false);
    const canNest = ctx.depth < this.knobs.depth;
    const one = (list) => (list.length ? this.pick(list) : null);
    switch (op) {
      case 'sleep': {
        const d = this.delay();
        return d ? { op: 'sleep', args: [d] } : { op: 'yield', args: [] };
      }
      case 'yield': return { op: 'yield', args: [] };
      case 'spawn': {
        const t = this.claimTask();
        if (!t) return null;
        t.fail = this.chance(0.2);
        return { op: 'spawn', args: [t.name] };
      }
      case 'await': case 'shield': {
        const x = this.awaitable(ctx);
        return x && { op, args: [x] };
      }
      case 'wait_for': {
        const x = this.awaitable(ctx);
        return x && { op, args: [x, this.maybeDelay()] };
      }
      case 'result': case 'done': {
        const x = this.awaitable(ctx, [], false);
        return x && { op, args: [x] };
      }
      case 'cancel': {
        const x = this.awaitable(ctx, [], false);
        if (!x) return null;
        const node = { op: 'cancel', args: [x, this.message()] };
        // a sleep first, so that the cancellation lands while x waits inside something
        if (this.chance(0.5)) {
          const d = this.delay();
          if (d) out.push({ op: 'sleep', args: [d] });
        }
        return node;
      }
      case 'uncancel': case 'cancelling': {
        const ts = this.tasks.filter((t) => t.started).map((t) => t.name);
        if (this.chance(0.3)) ts.push(ctx.self ?? null);
        const t = one(ts.filter(Boolean));
        return t && { op, args: [t] };
      }
      case 'set_result': case 'set_exception': {
        const fs = this.of('future');
        const unset = fs.filter((f) => !this.setFutures.has(f));
        const f = this.chance(0.9) && unset.length ? this.pick(unset) : one(fs);
        if (!f) return null;
        this.setFutures.add(f);
        return op === 'set_result' ? { op, args: [f, this.value()] }
          : { op, args: [f, this.pick(RAISED.slice(0, 7)), this.message()] };
      }
      case 'gather': {
        const xs = this.awaitables(ctx, 3);
        return xs.length ? { op, args: [this.chance(0.5) ? 'ret' : 'raise', ...xs] } : null;
      }
      case 'wait': {
        const xs = this.awaitables(ctx, 3);
        return xs.length ? { op, args: [this.pick(['all', 'first', 'exc']), this.maybeDelay(0.3), ...xs] } : null;
      }
      case 'as_completed': {
        // one awaitable: CPython's as_completed orders those already done
        // when it starts by iterating a set of them (by id), an order no
        // program can rely on
        const xs = this.awaitables(ctx, 1);
        return xs.length ? { op, args: [this.maybeDelay(0.3), ...xs] } : null;
      }
      case 'timeout': {
        if (!canNest) return null;
        return { op, args: [this.maybeDelay(0.1)], body: nested({ inTimeout: true }) };
      }
      case 'reschedule': {
        if (!ctx.inTimeout) return null;
        return { op, args: [this.maybeDelay(0.15)] };
      }
      case 'taskgroup': {
        if (!canNest) return null;
        const g = `g${++this.groups}`;
        this.groupNames.push(g);
        const body = nested({ groups: [...(ctx.groups ?? []), g] });
        // the point of a group is its children: make sure it has one
        if (!body.some((n) => n.op === 'tg_spawn')) {
          const t = this.claimTask();
          if (t) {
            t.fail = this.chance(0.4);
            body.unshift({ op: 'tg_spawn', args: [g, t.name] });
          }
        }
        return { op, args: [g], body };
      }
      case 'tg_spawn': {
        const inScope = ctx.groups ?? [];
        const g = inScope.length && this.chance(0.95) ? this.pick(inScope) : one(this.groupNames);
        if (!g) return null;
        const t = this.claimTask();
        if (!t) return null;
        t.fail = this.chance(0.4);
        return { op, args: [g, t.name] };
      }
      case 'with': {
        if (!canNest) return null;
        const l = one(this.of('lock', 'semaphore', 'bsemaphore', 'condition'));
        if (!l) return null;
        const cond = this.of('condition').includes(l);
        return { op, args: [l], body: nested({ held: [...(ctx.held ?? []), ...(cond ? [l] : [])] }) };
      }
      case 'try': {
        if (!canNest) return null;
        const body = nested({ inTry: true });
        const clauses = [];
        const kind = this.int(0, 2); // 0: except, 1: finally, 2: both
        if (kind !== 1) {
          const types = [this.pick(CAUGHT)];
          if (this.chance(0.3)) {
            const t = this.pick(CAUGHT);
            if (!types.includes(t)) types.push(t);
          }
          clauses.push({ op: 'except', args: types, body: nested({ inExcept: true, inTry: false }) });
        }
        if (kind !== 0) clauses.push({ op: 'finally', args: [], body: nested({ inExcept: false, inTry: false }) });
        return { op, args: [], body, clauses };
      }
      case 'acquire': {
        const l = one(this.of('lock', 'semaphore', 'bsemaphore', 'condition'));
        if (!l) return null;
        if (this.chance(0.85)) releases.push({ name: l, after: out.length });
        return { op, args: [l] };
      }
      case 'release': case 'locked': {
        const l = one(this.of('lock', 'semaphore', 'bsemaphore', 'condition'));
        return l && { op, args: [l] };
      }
      case 'set': case 'clear': case 'is_set': case 'event_wait': {
        const e = one(this.of('event'));
        if (e && op === 'set') this.setFutures.add(e);
        return e && { op, args: [e] };
      }
      case 'cond_wait': case 'notify': case 'notify_all': {
        // mostly with the condition held; without it is misuse, kept rare
        const held = ctx.held ?? [];
        const c = held.length && this.chance(0.9) ? this.pick(held) : (this.chance(0.2) ? one(this.of('condition')) : null);
        if (!c) return null;
        return op === 'notify' ? { op, args: [c, String(this.int(1, 2))] } : { op, args: [c] };
      }
      case 'barrier_wait': case 'barrier_abort': case 'barrier_reset': {
        const b = one(this.of('barrier'));
        return b && { op, args: [b] };
      }
      case 'put': case 'put_nowait': {
        const q = one(this.of('queue'));
        return q && { op, args: [q, this.value()] };
      }
      case 'get': case 'get_nowait': case 'task_done': case 'join': case 'shutdown': case 'shutdown_now': case 'qsize': {
        const q = one(this.of('queue'));
        return q && { op, args: [q] };
      }
      case 'call_soon': case 'call_later': {
        const inner = this.callbackOp(ctx);
        if (!inner) return null;
        const h = `h${++this.handles}`;
        this.handleNames.push(h);
        if (op === 'call_soon') return { op, args: [h], inner };
        const d = this.delay();
        return d ? { op, args: [h, d], inner } : { op: 'call_soon', args: [h], inner };
      }
      case 'handle_cancel': {
        const h = one(this.handleNames);
        return h && { op, args: [h] };
      }
      default: return null;
    }
  }

  // An op that does not await, for a callback to run.
  callbackOp(ctx) {
    const choices = ['set_result', 'set_result', 'set_exception', 'cancel', 'set', 'put_nowait', 'get_nowait',
      'release', 'spawn', 'done', 'qsize', 'clear', 'handle_cancel'];
    for (let tries = 0; tries < 4; tries++) {
      const op = this.pick(choices);
      const node = op === 'cancel'
        ? (() => { const x = this.awaitable(ctx, [], false); return x && { op, args: [x, this.message()] }; })()
        : this.write(op, { ...ctx, depth: Infinity }, [], []);
      if (node) return node;
    }
    return null;
  }
}

export function generate(seed, knobs = KNOBS) {
  return print(new Gen(seed, { ...KNOBS, ...knobs }).program());
}

// --tasks N --depth N --ops N --weights op=w,op=w from argv; the rest is left.
export function parseKnobs(argv) {
  const knobs = { ...KNOBS, weights: {} };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tasks' || a === '--depth' || a === '--ops') knobs[a.slice(2)] = Number(argv[++i]);
    else if (a === '--weights') {
      for (const pair of argv[++i].split(',')) {
        const [op, w] = pair.split('=');
        if (!(op in WEIGHTS) || !(Number(w) >= 0)) throw new Error(`--weights: unknown op or bad weight '${pair}'`);
        knobs.weights[op] = Number(w);
      }
    } else rest.push(a);
  }
  return { knobs, rest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { knobs, rest } = parseKnobs(process.argv.slice(2));
  const at = rest.indexOf('--seed');
  process.stdout.write(generate(at >= 0 ? Number(rest[at + 1]) : 1, knobs));
}
