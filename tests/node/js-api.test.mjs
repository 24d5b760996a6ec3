// The npm package's JS API (js/wasyncio.js) against the C entry points of
// tests/js/jstest.c and the runtime's own builtins: values and errors both
// ways, C awaiting JS, AbortSignal, cancellation in C, timer order, fetch,
// many tasks at once, and a long C computation that leaves the JS event
// loop free.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';

import { root, run } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';
import {
  CancelledError, ExceptionGroup, Task, TimeoutError, WasyncioError, load, run as runModule,
} from '../../js/node.js';

const jstest = join(root, 'build/js/jstest.wasm');
const functions = {
  add: async (a, b) => a + b,
  echo: (x) => x,
  throwsType: async () => { throw new TypeError('not a number'); },
  throwsRange: async () => { throw new RangeError('out of range'); },
  throwsTimeout: async () => { throw new TimeoutError('js was slow'); },
  throwsGroup: async () => { throw new AggregateError([new TypeError('a'), new Error('b')], 'both'); },
  throwsString: async () => { throw 'just a string'; },          // eslint-disable-line no-throw-literal
  throwsSync: () => { throw new TypeError('at once'); },
  returnsObject: async () => ({ not: 'mappable' }),
};

describeBuilt('JS API', [['node', 'build/js/jstest.wasm']], {}, () => {
  let rt, baseline;
  before(async () => {
    rt = await load(jstest, { functions });
    baseline = rt.liveObjects;
  });

  test('the module\'s entry points are listed on runtime.tasks', () => {
    for (const name of ['echo', 'fail', 'call_js', 'spin', 'fetch_text', 'sleep', 'gather', 'wait_for'])
      assert.equal(typeof rt.tasks[name], 'function', name);
  });

  test('values cross to C and back unchanged', async () => {
    const values = [
      undefined, true, false, 0, -7, 2 ** 53 - 1, 2n ** 60n, -(2n ** 63n), 2.5, -0.125, Infinity,
      '', 'héllo, 世界', new Uint8Array([0, 1, 255]), [], [1, 'two', [3.5, undefined, [true]]],
    ];
    for (const v of values) {
      const task = rt.tasks.echo(v);
      assert.ok(task instanceof Task);
      assert.deepEqual(await task, v ?? undefined, String(v));
    }
    assert.equal(await rt.tasks.echo(null), undefined);
    assert.deepEqual(await rt.tasks.echo([null]), [undefined]);
    assert.deepEqual(await rt.tasks.echo(new Uint16Array([1, 2]).buffer), new Uint8Array([1, 0, 2, 0]));
    const err = await rt.tasks.echo(new TypeError('as a value'));
    assert.ok(err instanceof WasyncioError);
    assert.equal(err.name, 'TypeError');
    assert.equal(err.message, 'as a value');
  });

  test('what C cannot hold rejects with TypeError', async () => {
    await assert.rejects(rt.tasks.echo({ a: 1 }), { name: 'TypeError', message: /a Object cannot be passed to C/ });
    await assert.rejects(rt.tasks.echo([1, Promise.resolve(2)]), { name: 'TypeError', message: /argument of its own/ });
    await assert.rejects(rt.tasks.echo(2n ** 64n), { name: 'TypeError', message: /does not fit/ });
    await assert.rejects(rt.start('no_such_entry'), { name: 'TypeError', message: /no C entry point 'no_such_entry'/ });
    await assert.rejects(rt.sleep('soon'), { name: 'TypeError', message: 'sleep: delay must be a number' });
  });

  test('an entry point refusing its arguments says why, and never with an older call\'s words', async () => {
    assert.equal(await rt.tasks.count(3), 3);
    // wa_js_raise: its error, as every C error reaches JS
    await assert.rejects(rt.tasks.count(-1), (e) => {
      assert.ok(e instanceof WasyncioError);
      assert.deepEqual([e.name, e.message], ['ValueError', 'n must be >= 0, not -1']);
      return true;
    });
    await assert.rejects(rt.tasks.count('3'), (e) => {
      assert.ok(e instanceof WasyncioError);
      assert.deepEqual([e.name, e.message, e.cause.name, e.cause.message], ['TypeError', 'count() takes an integer', 'AppError', 'kind 4']);
      return true;
    });
    // NULL after a failed wasyncio call: that call's message
    await assert.rejects(rt.tasks.count(0), (e) => e.constructor === TypeError && e.message === 'wa_js_raise: take_err is NULL');
    // a bare NULL after a task failed on a misuse (wa_sleep's): the fallback
    await assert.rejects(rt.sleep(NaN), { name: 'ValueError', message: 'Invalid delay: NaN (not a number)' });
    await assert.rejects(rt.tasks.count(), (e) => e.constructor === TypeError && e.message === "wasyncio: entry point 'count' refused its arguments");
  });

  test('C errors reject with their JS classes, causes and children', async () => {
    await assert.rejects(rt.tasks.fail('value'), (e) => {
      assert.ok(e instanceof WasyncioError);
      assert.equal(e.name, 'ValueError');
      assert.equal(e.message, 'bad value');
      assert.equal(e.cause.name, 'RuntimeError');
      assert.equal(e.cause.message, 'the root');
      return true;
    });
    await assert.rejects(rt.tasks.fail('timeout'), (e) => e instanceof TimeoutError && e.message === 'too slow');
    await assert.rejects(rt.tasks.fail('custom'), (e) => e instanceof WasyncioError && e.type === 'AppError');
    await assert.rejects(rt.tasks.fail('cycle'), (e) => {
      // the child's cause is the group itself: left out, not followed for ever
      assert.deepEqual([e.name, e.message, e.cause], ['ExceptionGroup', 'looped', undefined]);
      assert.deepEqual([e.errors[0].message, e.errors[0].cause], ['child', undefined]);
      return true;
    });
    await assert.rejects(rt.tasks.fail('group'), (e) => {
      assert.ok(e instanceof ExceptionGroup);
      assert.ok(e instanceof AggregateError);
      assert.equal(e.name, 'ExceptionGroup');
      assert.equal(e.message, 'unhandled errors in a TaskGroup');
      assert.deepEqual(e.errors.map((c) => [c.name, c.message]), [['ValueError', 'child one'], ['TypeError', 'child two']]);
      return true;
    });
  });

  test('C awaits a JS async function and gets its value', async () => {
    assert.equal(await rt.tasks.call_js('add', 2, 3), 5);
    assert.deepEqual(await rt.tasks.call_js('echo', [1, 'x']), [1, 'x']);
    let seen;
    rt.provide('spy', (a, signal) => { seen = [a, signal instanceof AbortSignal, signal.aborted]; return 'spied'; });
    assert.equal(await rt.tasks.call_js('spy', 'arg'), 'spied');
    assert.deepEqual(seen, ['arg', true, false]);
  });

  test('JS rejections reach C as the matching C error types', async () => {
    const caught = async (name) => rt.tasks.call_js_catch(name);
    assert.deepEqual(await rt.tasks.call_js_catch('add', 1, 2), ['ok', 3]);
    assert.deepEqual(await caught('throwsType'), ['TypeError', 'not a number']);
    assert.deepEqual(await caught('throwsRange'), ['JSError', 'RangeError: out of range']);
    assert.deepEqual(await caught('throwsTimeout'), ['TimeoutError', 'js was slow']);
    assert.deepEqual(await caught('throwsGroup'), ['ExceptionGroup', 'both']);
    assert.deepEqual(await caught('throwsString'), ['JSError', 'just a string']);
    assert.deepEqual(await caught('throwsSync'), ['TypeError', 'at once']);
    assert.deepEqual(await caught('returnsObject'), ['TypeError', 'wasyncio: a Object cannot be passed to C (see the value table in README)']);
    const [type, message] = await caught('nobody');
    assert.equal(type, 'TypeError');
    assert.match(message, /C called 'nobody', which is no JS function here/);
  });

  test('a C timeout around a JS call aborts the call\'s signal', async () => {
    let signal;
    rt.provide('hangs', (s) => { signal = s; return new Promise(() => {}); });
    await assert.rejects(rt.tasks.call_js_timeout('hangs', 0.01), TimeoutError);
    assert.equal(signal.aborted, true);
    assert.ok(signal.reason instanceof CancelledError);
  });

  test('JS Promises and Tasks passed to C are awaited there', async () => {
    assert.equal(await rt.tasks.await_arg(Promise.resolve('resolved')), 'resolved');
    assert.equal(await rt.tasks.await_arg(new Promise((r) => setTimeout(() => r(42), 5))), 42);
    await assert.rejects(rt.tasks.await_arg(Promise.reject(new TypeError('nope'))), { name: 'TypeError', message: 'nope' });
    assert.equal(await rt.tasks.await_arg(rt.sleep(0.001, 'from a task')), 'from a task');
  });

  test('an AbortSignal cancels the C task with the reason as message', async () => {
    const controller = new AbortController();
    const task = rt.start('spin', [1e12], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 5);
    await assert.rejects(task, (e) => e instanceof CancelledError && e.message === 'user left');
    assert.equal(task.done, true);
    assert.equal(task.cancel(), false);
    const early = rt.sleep(10, 'never', { signal: AbortSignal.abort('too late') });
    await assert.rejects(early, (e) => e instanceof CancelledError && e.message === 'too late');
  });

  test('task.cancel() from JS, and a task cancelled in C, reject with the message', async () => {
    const task = rt.sleep(10, 'never');
    assert.equal(task.cancel('enough'), true);
    await assert.rejects(task, (e) => e instanceof CancelledError && e.message === 'enough');
    await assert.rejects(rt.tasks.cancelled_in_c('stopped in C'), (e) => e instanceof CancelledError && e.message === 'stopped in C');
  });

  test('C timers fire in deadline order, equal deadlines first come first', async () => {
    const order = [];
    const delays = [0.03, 0.01, 0.02, 0.01, 0];
    await Promise.all(delays.map((d, i) => rt.sleep(d, i).then((id) => order.push(id))));
    assert.deepEqual(order, [4, 1, 3, 2, 0]);
  });

  test('ten thousand concurrent C tasks awaited from JS', async () => {
    const n = 10_000;
    const tasks = Array.from({ length: n }, (_, i) => rt.sleep((i % 10) / 1000, i));
    const results = await Promise.all(tasks);
    assert.deepEqual(results, Array.from({ length: n }, (_, i) => i));
  });

  test('gather and waitFor run in C around JS Promises', async () => {
    const later = new Promise((r) => setTimeout(() => r('js'), 5));
    assert.deepEqual(await rt.gather([later, rt.sleep(0.001, 'c'), Promise.resolve(3)]), ['js', 'c', 3]);
    const mixed = await rt.gather([Promise.reject(new TypeError('x')), rt.sleep(0, 1)], { returnExceptions: true });
    assert.equal(mixed[0].name, 'TypeError');
    assert.equal(mixed[1], 1);
    const slow = rt.sleep(10, 'slow');
    await assert.rejects(rt.waitFor(slow, 0.005), TimeoutError);
    await assert.rejects(slow, CancelledError);      // wait_for cancelled what it waited for
    assert.equal(await rt.waitFor(Promise.resolve('quick'), null), 'quick');
  });

  test('a long C computation runs in slices: JS timers keep firing', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 1);
    const before = ticks;
    const sum = await rt.tasks.spin(1_000_000);
    clearInterval(timer);
    assert.equal(sum, Array.from({ length: 7 }, (_, r) => r).reduce((s, r) => s + r * Math.floor((1_000_000 - r + 6) / 7), 0));
    assert.ok(ticks - before >= 2, `the interval fired ${ticks - before} times during the computation`);
  });

  describe('fetch', () => {
    let server, base, seenHeader;
    before(async () => {
      server = createServer((req, res) => {
        seenHeader = req.headers['x-test'];
        if (req.url === '/missing') {
          res.writeHead(404, { 'content-type': 'text/plain' });
          return res.end('no such file');
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`hello from ${req.url}`);
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${server.address().port}`;
    });
    after(() => server.close());

    test('wa_fetch returns status, headers and body', async () => {
      const [status, type, body] = await rt.tasks.fetch_text(`${base}/a.txt`);
      assert.equal(status, 200);
      assert.equal(type, 'text/plain');
      assert.equal(new TextDecoder().decode(body), 'hello from /a.txt');
      assert.equal(seenHeader, 'wasyncio');
      const [missing] = await rt.tasks.fetch_text(`${base}/missing`);
      assert.equal(missing, 404);
    });

    test('a network failure raises OSError', async () => {
      const closed = createServer();
      await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address();
      await new Promise((resolve) => closed.close(resolve));
      await assert.rejects(rt.tasks.fetch_text(`http://127.0.0.1:${port}/`), { name: 'OSError' });
    });
  });

  // runs last: every test above awaits all it starts
  test('nothing C made is left alive afterwards', async () => {
    await rt.sleep(0.01);
    assert.equal(rt.liveObjects, baseline);
  });
});

// Debug mode ({ debug: true }) and runtime.allTasks(): the C loop's reports
// reach options.stderr with where things were created, and JS sees what
// every C task is doing as plain objects.
describeBuilt('debug mode and introspection', [['node', 'build/js/jstest.wasm']], {}, () => {
  const runtime = async (debug) => {
    const lines = [];
    const rt = await load(jstest, { functions, debug, stderr: (text) => lines.push(text) });
    return { rt, lines };
  };

  test('the option, the setter and slowCallbackDuration', async () => {
    const { rt } = await runtime(true);
    assert.equal(rt.debug, true);
    rt.debug = false;
    assert.equal(rt.debug, false);
    assert.equal((await runtime(false)).rt.debug, false);
    assert.equal(rt.slowCallbackDuration, 0.1);
    rt.slowCallbackDuration = 0.5;
    assert.equal(rt.slowCallbackDuration, 0.5);
    assert.throws(() => { rt.slowCallbackDuration = -1; }, RangeError);
    assert.throws(() => { rt.slowCallbackDuration = 'soon'; }, RangeError);
    assert.equal(rt.slowCallbackDuration, 0.5);
  });

  test('a lost exception is reported with the C function and file:line that made the task', async () => {
    const { rt, lines } = await runtime(true);
    await rt.tasks.lose();
    assert.equal(lines.length, 1, lines.join('\n---\n'));
    const text = lines[0].split('\n');
    assert.equal(text[0], 'Task exception was never retrieved');
    assert.match(text[1], /^future: <Task finished name='lost' coro=<lost_step\(\) done, defined at \S*tests\/js\/jstest\.c:\d+> exception=ValueError\('nobody looked'\) created at \S*jstest\.c:\d+>$/);
    assert.equal(text[2], 'source_traceback: Object created at (most recent call last):');
    assert.match(text[3], /^ {2}File "\S*tests\/js\/jstest\.c", line \d+, in lose_step$/);
    assert.equal(text[4], 'ValueError: nobody looked');
    // the line is WA_SPAWN_NAMED's in lose_step
    const source = readFileSync(join(root, 'tests/js/jstest.c'), 'utf8').split('\n');
    const line = Number(/line (\d+)/.exec(text[3])[1]);
    assert.match(source[line - 1], /WA_SPAWN_NAMED\(.*"lost", lost_step/);
    // without debug mode: the same report, no creation site
    const plain = await runtime(false);
    await plain.rt.tasks.lose();
    assert.deepEqual(plain.lines.map((l) => l.split('\n').length), [3]);
    assert.doesNotMatch(plain.lines[0], /created at|source_traceback/);
  });

  test('allTasks() tells what each C task awaits, where, and for how long', async () => {
    const { rt, lines } = await runtime(true);
    assert.deepEqual(rt.allTasks(), []);
    const nap = rt.sleep(0.2, 'done');
    const spinning = rt.tasks.spin(3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const tasks = rt.allTasks();
    assert.equal(tasks.length, 1, JSON.stringify(tasks));   // spin finished within one tick
    const [t] = tasks;
    assert.equal(t.name, 'Task-1');
    assert.equal(t.state, 'pending');
    assert.equal(t.activity, 'waiting');
    assert.equal(t.coro, 'sleep_step');
    assert.equal(t.awaiting, '<sleep pending>');
    assert.ok(t.waitingFor >= 0.02 && t.waitingFor < 0.2, `waitingFor ${t.waitingFor}`);
    assert.equal(t.createdAt.function, 'start_sleep');
    assert.match(t.createdAt.file, /src\/js\/builtins\.c$/);
    assert.equal(t.stack.length, 1);
    assert.equal(t.stack[0].function, 'sleep_step');
    assert.match(t.stack[0].file, /src\/js\/builtins\.c$/);
    const source = readFileSync(join(root, 'src/js/builtins.c'), 'utf8').split('\n');
    assert.match(source[t.stack[0].line - 1], /WA_AWAIT\(co, wa_sleep\(co, f->delay\)\)/);
    assert.equal(await spinning, 3);
    assert.equal(await nap, 'done');
    assert.deepEqual(rt.allTasks(), []);
    assert.deepEqual(lines, []);
    // outside debug mode the same, without waitingFor and createdAt
    const plain = (await runtime(false)).rt;
    const later = plain.sleep(0.05);
    const [p] = plain.allTasks();
    assert.equal(p.activity, 'ready');      // its first step has not run yet
    assert.equal(p.waitingFor, null);
    assert.equal(p.createdAt, null);
    assert.deepEqual(p.stack.map((f) => f.function), ['sleep_step']);
    await later;
  });
});

// The package's default runtime leaves the debug observer out to be small:
// its reports name tasks briefly, and the debug-only API says how to get
// the debug runtime, which load(url, { debug: true }) picks.
const jstestLean = join(root, 'build/js/jstest_lean.wasm');
describeBuilt('the default runtime, without debug mode',
  [['node', 'build/js/jstest_lean.wasm'], ['node', 'js/wasyncio.wasm'], ['node', 'js/wasyncio-debug.wasm']], {}, () => {
  const needsDebug = { name: 'TypeError', message: /only in the debug runtime: load it with load\(url, \{ debug: true \}\)/ };

  test('debug mode, slowCallbackDuration and allTasks() throw, naming { debug: true }', async () => {
    for (const source of [jstestLean, join(root, 'js/wasyncio.wasm')]) {
      const rt = await load(source);
      assert.equal(rt.debug, false);
      rt.debug = false;                       // nothing to switch off
      assert.throws(() => { rt.debug = true; }, needsDebug);
      assert.throws(() => rt.allTasks(), needsDebug);
      assert.throws(() => rt.slowCallbackDuration, needsDebug);
      assert.throws(() => { rt.slowCallbackDuration = 1; }, needsDebug);
      assert.equal(await rt.sleep(0, 'still works'), 'still works');
    }
    await assert.rejects(load(jstestLean, { debug: true }), needsDebug);
  });

  test('a lost exception is reported in CPython\'s words, the task named briefly', async () => {
    const lines = [];
    const rt = await load(jstestLean, { functions, stderr: (text) => lines.push(text) });
    await rt.tasks.lose();
    assert.deepEqual(lines, [
      "Task exception was never retrieved\nfuture: <Task finished name='lost'>\nValueError: nobody looked"]);
  });

  test('load(url, { debug: true }) loads wasyncio-debug.wasm for the package\'s runtime', async () => {
    for (const source of [undefined, join(root, 'js/wasyncio.wasm'), new URL('../../js/wasyncio.wasm', import.meta.url)]) {
      const rt = await load(source, { debug: true });
      assert.equal(rt.debug, true);
      const nap = rt.sleep(0.05);
      assert.deepEqual(rt.allTasks().map((t) => t.coro), ['sleep_step']);
      await nap;
    }
    assert.equal((await load(undefined, { debug: false })).debug, false);
  });
});

// The runtime built by clang for WASI drives through the same loader.
describeBuilt('WASI reactor', [['wasi', 'build/wasi/wasyncio-reactor.wasm']], {}, () => {
  test('sleep, gather and waitFor work as on the Emscripten build', async () => {
    const rt = await load(join(root, 'build/wasi/wasyncio-reactor.wasm'));
    const before = rt.liveObjects;
    const order = [];
    await Promise.all([0.02, 0.01, 0].map((d, i) => rt.sleep(d, i).then((v) => order.push(v))));
    assert.deepEqual(order, [2, 1, 0]);
    assert.deepEqual(await rt.gather([Promise.resolve('js'), rt.sleep(0, 'c')]), ['js', 'c']);
    await assert.rejects(rt.waitFor(new Promise(() => {}), 0.005), TimeoutError);
    await rt.sleep(0.001);
    assert.equal(rt.liveObjects, before);
  });

  test('debug mode and allTasks() work as on the Emscripten build', async () => {
    const lines = [];
    const rt = await load(join(root, 'build/wasi/wasyncio-reactor.wasm'), { debug: true, stderr: (l) => lines.push(l) });
    assert.equal(rt.debug, true);
    const nap = rt.sleep(0.05, 'z');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const [t] = rt.allTasks();
    assert.deepEqual([t.coro, t.activity, t.awaiting, t.createdAt.function], ['sleep_step', 'waiting', '<sleep pending>', 'start_sleep']);
    assert.ok(t.waitingFor > 0);
    assert.equal(await nap, 'z');
    assert.deepEqual(lines, []);
  });
});

// A classic main() that blocks in wa_run, built with Asyncify: its waits
// unwind to the JS event loop and rewind when they end.
const blocking = ['sleepers_asyncify', 'rate_limit_asyncify', 'await_js', 'sleepers_blocking'];
describeBuilt('blocking main() under Asyncify', blocking.map((m) => ['node', `build/js/${m}.wasm`]), {}, () => {
  const wasm = (name) => join(root, `build/js/${name}.wasm`);
  const collect = () => {
    const lines = [];
    return { lines, stdout: (line) => lines.push(line), stderr: (line) => lines.push(`stderr: ${line}`) };
  };

  test('examples/sleepers.c prints in wake order and exits 0', async () => {
    const out = collect();
    const timer = setInterval(() => out.lines.push('js tick'), 40);
    assert.equal(await runModule(wasm('sleepers_asyncify'), out), 0);
    clearInterval(timer);
    const c = out.lines.filter((l) => l !== 'js tick');
    assert.deepEqual(c, ['b', 'c', 'a', 'elapsed 0.3 s']);
    // the JS event loop ran while main() was blocked in its sleeps
    assert.ok(out.lines.indexOf('js tick') < out.lines.indexOf('a'), out.lines.join('\n'));
  });

  test('examples/rate_limit.c keeps at most three jobs in flight', async () => {
    const out = collect();
    assert.equal(await runModule(wasm('rate_limit_asyncify'), out), 0);
    assert.equal(out.lines.at(-1).replace(/[\d.]+ s/, 'T s'), 'all 10 jobs done in T s, at most 3 in flight');
    assert.equal(out.lines.filter((l) => l.includes('start  job')).length, 10);
  });

  test('a blocked main() awaits JS functions, and a C timeout aborts one', async () => {
    const out = collect();
    let signal;
    const functions = {
      double: async (x) => x * 2,
      hang: (s) => { signal = s; return new Promise(() => {}); },
    };
    assert.equal(await runModule(wasm('await_js'), { ...out, functions }), 0);
    assert.deepEqual(out.lines, ['double(21) = 42', 'hang: TimeoutError', 'slept']);
    assert.equal(signal.aborted, true);
  });

  test('its exit status comes back from run()', async () => {
    const out = collect();
    assert.equal(await runModule(wasm('await_js'), out), 3);
    assert.match(out.lines[0], /^double failed: wasyncio: C called 'double', which is no JS function here/);
  });

  test('an uninstrumented blocking module is refused with the reason', async () => {
    await assert.rejects(runModule(wasm('sleepers_blocking')), /must be built with Asyncify/);
  });

  test('load() of a module with a main() says to use run()', async () => {
    for (const name of ['sleepers_asyncify', 'sleepers_blocking'])
      await assert.rejects(load(wasm(name)), { name: 'TypeError', message: 'wasyncio: this module has a main(): use run()' }, name);
  });
});

// Node exits once C has nothing left to do, and not before.
describeBuilt('process lifetime', [['node', 'js/wasyncio.wasm']], {}, () => {
  const script = (body) => [process.execPath, '--input-type=module', '-e',
    `import { load } from ${JSON.stringify(join(root, 'js/node.js'))};\n${body}`];

  test('an idle runtime lets Node exit; a pending C timer keeps it alive until it fires', async () => {
    const r = await run(script(`
      const rt = await load();
      rt.sleep(0.05, 'late').then((v) => console.log('timer', v));
      console.log('main done');`), { timeout: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'main done\ntimer late\n');
  });

  test('a runtime with nothing pending does not hold Node at all', async () => {
    const r = await run(script(`
      const rt = await load();
      console.log(await rt.sleep(0, 'once'));`), { timeout: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'once\n');
  });
});
