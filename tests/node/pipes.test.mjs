// pipes.test.mjs — stdin and stdout as streams (examples/upper.c), natively
// (epoll), with poll(2) (the poll build) and under node:wasi (poll_oneoff
// fd subscriptions).  The input arrives in two parts: the second is sent
// only once the answer to the first complete line is out, so the program
// must answer while its input is still open (waiting on the fd, not for end
// of input) and must hold a partial line back; it ends at end of input.
// stdin and stdout may also be a regular file or /dev/null (`upper < file
// > out`), which are always ready, and which neither epoll nor node:wasi's
// poll_oneoff accept.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

for (const target of ['native', 'poll', 'valgrind', 'wasi']) {
  const where = locate(target, 'upper');
  test(`${target}: stdin and stdout as streams`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await feed(where.argv, [['one\ntw', 'ONE\n'], ['o\nthree', null]]);
    assert.equal(r.code, 0, describe(r));
    assert.equal(r.seen[0], 'ONE\n', 'the partial line "tw" must wait for its end');
    assert.equal(r.stdout, 'ONE\nTWO\nTHREE3 lines\n');
  });
}

for (const target of ['native', 'poll', 'wasi']) {
  const where = locate(target, 'upper');
  test(`${target}: stdin at end of input at once`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const r = await feed(where.argv, []);
    assert.equal(r.code, 0, describe(r));
    assert.equal(r.stdout, '0 lines\n');
  });
}

// Runs argv with stdin on the file named and stdout on the other one, or
// on a pipe when it is null (opened here, as a shell's < and > would);
// resolves with its outcome.
function redirected(argv, stdinPath, stdoutPath) {
  const fds = [openSync(stdinPath, 'r'), stdoutPath ? openSync(stdoutPath, 'w') : 'pipe'];
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: [...fds, 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  }).finally(() => fds.forEach((fd) => fd !== 'pipe' && closeSync(fd)));
}

for (const target of ['native', 'poll', 'valgrind', 'wasi']) {
  const where = locate(target, 'upper');
  test(`${target}: stdin and stdout from and to files, and /dev/null`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const dir = mkdtempSync(join(tmpdir(), 'wasyncio-pipes-'));
    try {
      const input = join(dir, 'in.txt'), output = join(dir, 'out.txt');
      writeFileSync(input, 'one\ntwo\nthree');
      let r = await redirected(where.argv, input, null);
      assert.equal(r.code, 0, `upper < file: ${describe(r)}`);
      assert.equal(r.stdout, 'ONE\nTWO\nTHREE3 lines\n');
      r = await redirected(where.argv, input, output);
      assert.equal(r.code, 0, `upper < file > file: ${describe(r)}`);
      assert.equal(readFileSync(output, 'utf8'), 'ONE\nTWO\nTHREE3 lines\n');
      r = await redirected(where.argv, '/dev/null', output);
      assert.equal(r.code, 0, `upper < /dev/null > file: ${describe(r)}`);
      assert.equal(readFileSync(output, 'utf8'), '0 lines\n');
      r = await redirected(where.argv, input, '/dev/null');
      assert.equal(r.code, 0, `upper < file > /dev/null: ${describe(r)}`);
      assert.equal(r.stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
