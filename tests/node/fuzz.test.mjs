// fuzz.test.mjs — the fixed fuzz suite: programs 1..300 of tests/fuzz/gen.mjs
// (default knobs) run by the C interpreter natively, the first 50 under WASI
// and under ASan+UBSan, each trace compared with CPython 3.13's, recorded in
// tests/fuzz/recorded.txt (Debian 12, where CI runs, has no 3.13).  Where
// CPython 3.13 is present, interp.py must still print the recorded traces.
// Each target is one batch process: the whole file takes seconds.  The
// hand-written programs of tests/fuzz/examples/ (every op, block and misuse
// at least once) must print their recorded traces on every target too.
//
// A difference names its seed: `npm run fuzz -- --seed S` shows both traces
// and shrinks the program to a conformance pair (docs/fuzzing.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { Batch } from '../fuzz/batch.mjs';
import { compare, explain } from '../fuzz/compare.mjs';
import { findPython, hash, RECORDED, readRecorded, SUITE, suitePrograms } from '../fuzz/suite.mjs';
import { locate, root } from '../../tools/targets.mjs';

const programs = suitePrograms(SUITE.native);
const recorded = existsSync(RECORDED) ? readRecorded() : new Map();
const python = findPython();

// Runs the first count programs through argv; the failures, one paragraph each.
async function differences(argv, count, how, env) {
  const batch = new Batch(argv, { env });
  const out = await batch.run(programs.slice(0, count).map((p) => p.text));
  const end = await batch.stop();
  const bad = [];
  for (let i = 0; i < count; i++) {
    const { seed } = programs[i];
    const diff = compare({ trace: recorded.get(seed)?.trace ?? '' }, out[i]);
    if (diff) bad.push(`seed ${seed} (${how(seed)}): ${explain(diff)}`);
  }
  // a leak report comes when the process ends
  if (/ERROR: \w+Sanitizer/.test(end?.stderr ?? '')) bad.push(`sanitizer report at exit:\n${end.stderr.trim().split('\n').slice(0, 40).join('\n')}`);
  return bad;
}

const report = (bad, count) => `${bad.length} of ${count} programs differ from CPython:\n${bad.slice(0, 8).join('\n')}`;

test('recorded traces are those of the generator\'s programs', () => {
  assert.ok(existsSync(RECORDED), 'no tests/fuzz/recorded.txt: record it with npm run fuzz -- --record');
  const stale = programs.filter((p) => recorded.get(p.seed)?.hash !== hash(p.text)).map((p) => p.seed);
  assert.deepStrictEqual(stale, [], 'tests/fuzz/gen.mjs writes other programs than those recorded: '
    + 're-record with npm run fuzz -- --record (and look at what changed)');
});

for (const target of ['native', 'wasi', 'sanitize']) {
  const count = SUITE[target];
  const where = locate(target, 'fuzz');
  test(`${target}: seeds 1..${count} print CPython's traces`, { skip: where.skip }, async () => {
    if (where.error) assert.fail(where.error);
    const bad = await differences(where.argv, count, (s) => `npm run fuzz -- --seed ${s} --target ${target}`);
    assert.ok(bad.length === 0, report(bad, count));
  });
}

test('cpython: interp.py prints the recorded traces', { skip: !python && 'CPython 3.13 not found (PYENV_VERSION=3.13.0 python3): the recorded traces stand in for it' }, async () => {
  const bad = await differences(python.argv, SUITE.native, () => 'interp.py changed: fix it or re-record with npm run fuzz -- --record', python.env);
  assert.ok(bad.length === 0, report(bad, SUITE.native));
});

const examplesDir = join(root, 'tests/fuzz/examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.fz')).sort().map((f) => ({
  name: f,
  text: readFileSync(join(examplesDir, f), 'utf8'),
  trace: readFileSync(join(examplesDir, f.replace(/\.fz$/, '.txt')), 'utf8'),
}));

test('the examples use every op of LANGUAGE.md', () => {
  const language = readFileSync(join(root, 'tests/fuzz/LANGUAGE.md'), 'utf8');
  const ops = new Set([...language.matchAll(/^\| `([a-z_]+)[ `]/gm)].map((m) => m[1]));
  const used = new Set(examples.flatMap((e) => [...e.text.matchAll(/^\s*([a-z_]+)/gm)].map((m) => m[1])));
  assert.ok(ops.size > 40, `only ${ops.size} ops found in LANGUAGE.md's tables`);
  assert.deepStrictEqual([...ops].filter((op) => !used.has(op)), []);
});

for (const [target, argv, env] of [
  ...['native', 'wasi', 'emscripten', 'sanitize'].map((t) => [t, locate(t, 'fuzz')]),
  ['cpython', python && { argv: python.argv }, python?.env],
]) {
  const skip = target === 'cpython' ? !python && 'CPython 3.13 not found' : argv.skip;
  test(`${target}: the examples print their recorded traces`, { skip }, async () => {
    if (argv.error) assert.fail(argv.error);
    if (target === 'emscripten') {
      // one process each, the program on stdin (`fuzz -`): Emscripten's
      // stdin reads a pipe that is empty for a moment as its end, so it
      // cannot run --batch fed a program at a time
      const bad = examples.filter((e) => {
        const r = spawnSync(argv.argv[0], [...argv.argv.slice(1), '-'], { input: e.text, encoding: 'utf8' });
        return r.status !== 0 || r.stdout !== e.trace;
      }).map((e) => e.name);
      assert.deepStrictEqual(bad, [], `examples printing other traces than recorded on ${target}`);
      return;
    }
    const batch = new Batch(argv.argv, { env });
    const out = await batch.run(examples.map((e) => e.text));
    const end = await batch.stop();
    const bad = examples.map((e, i) => (compare({ trace: e.trace }, out[i]) ? e.name : null)).filter(Boolean);
    assert.deepStrictEqual(bad, [], `examples printing other traces than recorded on ${target}`);
    assert.doesNotMatch(end?.stderr ?? '', /ERROR: \w+Sanitizer/);
  });
}
