// demo.test.mjs — the examples on every target they run on.  sleepers: three tasks
// sleeping 0.3, 0.1 and 0.2 s must wake in the order b, c, a and finish
// together in about 0.3 s; hello (README's example): b wakes before a, whose
// result comes back to its awaiter; debug_hang: debug mode's reports.  The time bound is loose on purpose: it checks that the
// sleeps overlap (sequential would be 0.6 s), not how fast the loop is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { demos, echoMessages, pageCount, primesHeartbeat, primesOutput, skipReason } from '../../tools/demos.mjs';
import { pageLength } from '../../tools/pages-server.mjs';
import { describe, locate, root, run } from '../../tools/targets.mjs';

for (const target of ['native', 'wasi', 'emscripten']) {
  const where = locate(target, 'sleepers');
  test(`${target}: sleepers`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await run(where.argv);
    assert.equal(r.code, 0, describe(r));
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepStrictEqual(lines.slice(0, 3), ['b', 'c', 'a']);
    const m = /^elapsed (\d+(?:\.\d+)?) s$/.exec(lines[3] ?? '');
    assert.ok(m && lines.length === 4, `expected a final "elapsed S s" line, got:\n${r.stdout}`);
    const elapsed = Number(m[1]);
    assert.ok(elapsed >= 0.3 && elapsed < 0.55, `elapsed ${elapsed} s: the sleeps should overlap (~0.3 s)`);
  });
}

for (const target of ['native', 'wasi', 'emscripten']) {
  const where = locate(target, 'hello');
  test(`${target}: hello`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await run(where.argv);
    assert.equal(r.code, 0, describe(r));
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepStrictEqual(lines.slice(0, 2), ['b woke up', 'a woke up']);
    const m = /^a returned a after (\d+\.\d) s$/.exec(lines[2] ?? '');
    assert.ok(m && lines.length === 3, `expected "a returned a after S s", got:\n${r.stdout}`);
    assert.ok(Number(m[1]) >= 0.2 && Number(m[1]) < 0.45, `${m[1]} s: the sleeps should overlap (~0.2 s)`);
  });
}

// retry: try/except/else/finally around a timeout, a ContextVar per task,
// on the virtual clock, so the whole output is fixed: the same on every
// target, and (times aside, CPython's clock being real) what its Python
// twin examples/retry.py prints under CPython 3.13.
const retryOutput = `0.00 s  /c  attempt 1 failed: refused
0.10 s  /a  got 'body of /a'
0.10 s  /a  attempt 1 over
0.15 s  /c  attempt 1 over
0.20 s  /b  attempt 1 timed out
0.20 s  /b  attempt 1 over
0.30 s  /b  got 'body of /b'
0.30 s  /b  attempt 2 over
0.35 s  /c  attempt 2 timed out
0.35 s  /c  attempt 2 over
0.55 s  /c  attempt 3 timed out
0.55 s  /c  attempt 3 over
0.55 s  -   all done
/a: 'body of /a'
/b: 'body of /b'
/c: RuntimeError('gave up after 3 attempts')
`;
for (const target of ['native', 'wasi', 'emscripten']) {
  const where = locate(target, 'retry');
  test(`${target}: retry`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await run(where.argv);
    assert.equal(r.code, 0, describe(r));
    assert.equal(r.stdout, retryOutput);
  });
}

const python313 = { ...process.env, PYENV_VERSION: '3.13.0' };
const hasPython313 = /^Python 3\.13\./.test(spawnSync('python3', ['--version'], { env: python313, encoding: 'utf8' }).stdout ?? '');
test('retry.py under CPython 3.13 prints what retry.c prints', { skip: !hasPython313 && 'CPython 3.13 not found (PYENV_VERSION=3.13.0 python3)' }, () => {
  const r = spawnSync('python3', [join(root, 'examples/retry.py')], { env: python313, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const untimed = (text) => text.replace(/^\d+\.\d\d s {2}/gm, 'T s  ');
  assert.equal(untimed(r.stdout), untimed(retryOutput));
});

// rate_limit: ten jobs through a Semaphore of 3.  Every job starts and
// finishes once, the in-flight count printed never exceeds 3 and reaches it,
// and it agrees with the starts and finishes seen so far.
for (const target of ['native', 'wasi', 'emscripten']) {
  const where = locate(target, 'rate_limit');
  test(`${target}: rate_limit`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await run(where.argv);
    assert.equal(r.code, 0, describe(r));
    const lines = r.stdout.trimEnd().split('\n');
    const started = new Set();
    const finished = new Set();
    for (const line of lines.slice(0, -1)) {
      const m = /^ *\d+\.\d\d s {2}(start |finish) job (\d)  \((\d) in flight\)$/.exec(line);
      assert.ok(m, `unexpected line: ${line}`);
      const [, what, id, n] = m;
      (what === 'start ' ? started : finished).add(id);
      assert.equal(Number(n), started.size - finished.size, `in-flight count wrong at: ${line}`);
      assert.ok(Number(n) <= 3, `more than three in flight: ${line}`);
    }
    assert.equal(started.size, 10);
    assert.equal(finished.size, 10);
    assert.match(lines.at(-1), /^all 10 jobs done in \d+\.\d\d s, at most 3 in flight$/);
  });
}

// The socket and thread demos, on the targets tools/demos.mjs lists for them.
const demo = (name) => demos.find((d) => d.name === name);

// primes: four chunks counted on the default executor's threads while a
// heartbeat task ticks on the loop; the counts are exact and the loop ticked
// at least once meanwhile.  A build without threads refuses, clearly and at
// once.
for (const target of demo('primes').targets) {
  test(`${target}: primes`, { skip: skipReason(demo('primes'), target) }, async () => {
    const { runs } = await demo('primes').run(target);
    const { r } = runs[0];
    assert.equal(r.code, 0, describe(r));
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepStrictEqual(lines.slice(0, -1), primesOutput);
    const m = primesHeartbeat.exec(lines.at(-1));
    assert.ok(m && Number(m[1]) >= 1, lines.at(-1));
  });
}

for (const target of ['wasi', 'emscripten']) {
  const where = locate(target, 'primes');
  test(`${target}: primes without threads says so`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await run(where.argv, { timeout: 30_000 });
    assert.equal(r.code, 1, describe(r));
    assert.match(r.stderr, /ExceptionGroup: unhandled errors in a TaskGroup \(4 sub-exceptions\)\n {2}RuntimeError: threads are not available in this build\n/);
  });
}

// echo: echo_server on a free port serves two echo_clients at once.  Each
// client gets every line back in order; the server reports each client's
// lines in order between its "connected" and "closed", then exits after
// the second client as --clients 2 asks.
for (const target of demo('echo').targets) {
  test(`${target}: echo_server and echo_client`, { skip: skipReason(demo('echo'), target) }, async () => {
    const { runs, port } = await demo('echo').run(target);
    const [server, ...clients] = runs.map(({ r }) => r);
    for (const { label, r } of runs) assert.equal(r.code, 0, `${label}: ${describe(r)}`);
    assert.equal(clients.length, echoMessages.length);
    clients.forEach((r, i) => {
      const lines = r.stdout.trimEnd().split('\n');
      assert.deepStrictEqual(lines, [
        `connected to 127.0.0.1:${port}`,
        ...echoMessages[i].flatMap((m) => [`send     '${m}'`, `received '${m}'`]),
        'close the connection',
      ]);
    });
    const lines = server.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `serving on 127.0.0.1:${port}`);
    assert.equal(lines.at(-1), 'served 2 clients, bye');
    // per client (peer address), its events in order
    const byPeer = new Map();
    for (const line of lines.slice(1, -1)) {
      const m = /^(127\.0\.0\.1:\d+): (.*)$/.exec(line);
      assert.ok(m, `unexpected server line: ${line}`);
      byPeer.set(m[1], [...(byPeer.get(m[1]) ?? []), m[2]]);
    }
    const expected = echoMessages.map((ms) => ['connected', ...ms.map((m) => `echo ${m}`), 'closed']);
    assert.deepStrictEqual([...byPeer.values()].sort(), expected.sort());
  });
}

// fetch_pages: ten pages from tools/pages-server.mjs through a Semaphore of
// 3.  Every page starts and finishes once with its full length; the
// in-flight count printed agrees with the starts and finishes so far, never
// exceeds 3 and reaches it; the server never saw more than 3 requests at
// once either.
for (const target of demo('fetch_pages').targets) {
  test(`${target}: fetch_pages`, { skip: skipReason(demo('fetch_pages'), target) }, async () => {
    const { runs, stats } = await demo('fetch_pages').run(target);
    const { r } = runs[0];
    assert.equal(r.code, 0, describe(r));
    const lines = r.stdout.trimEnd().split('\n');
    const started = new Set();
    const finished = new Set();
    let most = 0;
    for (const line of lines.slice(0, -1)) {
      const m = /^ *\d+\.\d\d s {2}(?:start {2}\/page\/(\d+)|finish \/page\/(\d+) {2}(\d+) bytes) {2}\((\d) in flight\)$/
        .exec(line);
      assert.ok(m, `unexpected line: ${line}`);
      const [, start, finish, bytes, n] = m;
      if (start !== undefined) {
        assert.ok(!started.has(start), `started twice: ${line}`);
        started.add(start);
      } else {
        assert.ok(started.has(finish) && !finished.has(finish), `finish without a start: ${line}`);
        assert.equal(Number(bytes), pageLength(Number(finish)), `wrong length: ${line}`);
        finished.add(finish);
      }
      assert.equal(Number(n), started.size - finished.size, `in-flight count wrong at: ${line}`);
      most = Math.max(most, Number(n));
    }
    assert.equal(most, 3, 'the in-flight count should reach the limit of 3 and stay within it');
    assert.equal(started.size, pageCount);
    assert.equal(finished.size, pageCount);
    const total = Array.from({ length: pageCount }, (_, i) => pageLength(i)).reduce((a, b) => a + b);
    assert.match(lines.at(-1), new RegExp(`^fetched ${pageCount} of ${pageCount} pages, ${total} bytes in \\d+\\.\\d\\d s, at most 3 in flight$`));
    assert.equal(stats.served.size, pageCount, 'the server should have answered every page');
    assert.ok(stats.maxInFlight <= 3, `the server saw ${stats.maxInFlight} requests at once`);
  });
}

// debug_hang: a forgotten task loses its exception and a worker waits
// forever for what it would have set; a watchdog prints every task after
// 1 s.  With WASYNCIO_DEBUG=1 (natively and under WASI) the reports name
// the source lines; without it they are there, without sites.
const source = readFileSync(join(root, 'examples/debug_hang.c'), 'utf8').split('\n');
const lineOf = (pattern) => source.findIndex((l) => pattern.test(l)) + 1;

for (const [target, debug] of [['native', true], ['wasi', true], ['native', false], ['emscripten', false]]) {
  const where = locate(target, 'debug_hang');
  test(`${target}: debug_hang${debug ? ' with WASYNCIO_DEBUG=1' : ''}`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const env = { ...process.env };
    if (debug) env.WASYNCIO_DEBUG = '1';
    else delete env.WASYNCIO_DEBUG;
    const r = await run(where.argv, { env });
    assert.equal(r.code, 0, describe(r));
    assert.equal(r.stdout, 'main: nothing happened for 1 s; what every task is doing:\nmain: done\n');
    const err = r.stderr;
    assert.match(err, /^Task exception was never retrieved\nfuture: <Task finished name='load_config' coro=<load_config\(\) done, defined at examples\/debug_hang\.c:\d+> exception=OSError\('config server refused the connection'\)/);
    assert.match(err, /\nOSError: config server refused the connection\n/);
    const spawned = `  File "examples/debug_hang.c", line ${lineOf(/WA_SPAWN_NAMED\(loop, "load_config"/)}, in main_step`;
    const waits = `  File "examples/debug_hang.c", line ${lineOf(/wa_event_wait\(co, f->ready\)/)}, in worker`;
    assert.ok(err.includes(`\n2 pending tasks:\n`), err);
    // Event.wait parks the task: its stack ends at the await, as asyncio's does
    assert.ok(err.includes(`\n${waits}\n`) && !err.includes('src/lib/sync.c'), err);
    if (debug) {
      assert.ok(err.includes(`\nsource_traceback: Object created at (most recent call last):\n${spawned}\n`), err);
      assert.match(err, /<Task pending name='worker' coro=<worker\(\) running at examples\/debug_hang\.c:\d+> wait_for=<Event.wait pending> created at examples\/debug_hang\.c:\d+>\n {2}waiting for 1\.\d+ s\n/);
    } else {
      assert.ok(!err.includes('source_traceback') && !err.includes('created at'), err);
      assert.match(err, /<Task pending name='worker' coro=<worker\(\) running at examples\/debug_hang\.c:\d+> wait_for=<Event.wait pending>>\n {2}waiting\n/);
    }
  });
}
