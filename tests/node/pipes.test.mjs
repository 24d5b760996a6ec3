// pipes.test.mjs — stdin and stdout as streams (examples/upper.c), natively
// (epoll) and under node:wasi (poll_oneoff fd subscriptions).  The input
// arrives in two parts: the second is sent only once the answer to the
// first complete line is out, so the program must answer while its input
// is still open (waiting on the fd, not for end of input) and must hold a
// partial line back; it ends at end of input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import test from 'node:test';
import { describe, locate } from '../../tools/targets.mjs';

// Writes each [part, answer] pair's part, then waits until stdout ends
// with its answer before the next; seen[i] is stdout at that moment.
function feed(argv, steps) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', waiting = null;
    const seen = [];
    child.stdout.setEncoding('utf8').on('data', (s) => {
      stdout += s;
      if (waiting && stdout.endsWith(waiting.answer)) waiting.done();
    });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    child.on('close', (code, signal) => {
      waiting?.done();
      resolve({ code, signal, stdout, stderr, seen });
    });
    (async () => {
      for (const [part, answer] of steps) {
        child.stdin.write(part);
        if (answer) await new Promise((done) => { waiting = { answer, done }; });
        waiting = null;
        seen.push(stdout);
      }
      child.stdin.end();
    })();
  });
}

for (const target of ['native', 'valgrind', 'wasi']) {
  const where = locate(target, 'upper');
  test(`${target}: stdin and stdout as streams`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await feed(where.argv, [['one\ntw', 'ONE\n'], ['o\nthree', null]]);
    assert.equal(r.code, 0, describe(r));
    assert.equal(r.seen[0], 'ONE\n', 'the partial line "tw" must wait for its end');
    assert.equal(r.stdout, 'ONE\nTWO\nTHREE3 lines\n');
  });
}

for (const target of ['native', 'wasi']) {
  const where = locate(target, 'upper');
  test(`${target}: stdin at end of input at once`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await feed(where.argv, []);
    assert.equal(r.code, 0, describe(r));
    assert.equal(r.stdout, '0 lines\n');
  });
}
