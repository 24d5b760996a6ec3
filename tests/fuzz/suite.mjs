// suite.mjs — the fixed fuzz suite `npm test` runs (tests/node/fuzz.test.mjs)
// and what it needs: the interpreters' command lines and CPython's recorded
// traces.  CI runs on Debian 12, which has no CPython 3.13, so the traces of
// the suite's programs are recorded (npm run fuzz -- --record) with a hash
// of each program: a changed generator makes the test say to re-record.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../tools/targets.mjs';
import { generate } from './gen.mjs';

// seeds 1..native run natively; the first wasi / sanitize of them on those targets
export const SUITE = { native: 300, wasi: 50, sanitize: 50 };
export const RECORDED = join(root, 'tests/fuzz/recorded.txt');

export const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function suitePrograms(count = SUITE.native) {
  return [...Array(count)].map((_, i) => ({ seed: i + 1, text: generate(i + 1) }));
}

// CPython 3.13 from pyenv (interp.py refuses any other), or null.  -u: each
// trace reaches us when it is printed, not when a buffer fills.
export function findPython() {
  const env = { ...process.env, PYENV_VERSION: '3.13.0' };
  const probe = spawnSync('python3', ['--version'], { env, encoding: 'utf8' });
  if (probe.status !== 0 || !/^Python 3\.13\./.test(probe.stdout)) return null;
  return { argv: ['python3', '-u', join(root, 'tests/fuzz/interp.py')], env, version: probe.stdout.trim() };
}

// Map seed -> { hash, trace } from tests/fuzz/recorded.txt.
export function readRecorded(file = RECORDED) {
  const out = new Map();
  let cur = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const head = /^%% seed (\d+) sha (\w+)$/.exec(line);
    if (head) {
      cur = { hash: head[2], lines: [] };
      out.set(Number(head[1]), cur);
    } else if (cur && line !== '') cur.lines.push(line);
  }
  for (const r of out.values()) {
    r.trace = r.lines.map((l) => `${l}\n`).join('');
    delete r.lines;
  }
  return out;
}

/* entries: [{ seed, text, trace }] */
export function writeRecorded(entries, version, file = RECORDED) {
  const head = [
    `# ${version}'s traces of the fuzz suite (tests/node/fuzz.test.mjs): seeds 1..${entries.length}`,
    '# of tests/fuzz/gen.mjs with its default knobs, each with its program\'s hash.',
    '# Written by `npm run fuzz -- --record`; do not edit.',
  ];
  const body = entries.map((e) => `%% seed ${e.seed} sha ${hash(e.text)}\n${e.trace}`);
  writeFileSync(file, `${head.join('\n')}\n${body.join('')}`);
}
