// demo.test.mjs — the examples on every target.  sleepers: three tasks
// sleeping 0.3, 0.1 and 0.2 s must wake in the order b, c, a and finish
// together in about 0.3 s; hello (README's example): b wakes before a, whose
// result comes back to its awaiter.  The time bound is loose on purpose: it checks that the
// sleeps overlap (sequential would be 0.6 s), not how fast the loop is.
import assert from 'node:assert/strict';
import test from 'node:test';
import { describe, locate, run } from '../../tools/targets.mjs';

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
