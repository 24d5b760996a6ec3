// tools/coverage.mjs — gcov line coverage of src/core from the unit tests,
// the conformance scenarios and the fuzz suite together, and from each
// alone, so that the fuzz suite's share shows.
//
//   node tools/coverage.mjs [--seeds N] [--files]
//
// Builds the `coverage` preset (gcc --coverage -O0), then runs each suite
// on zeroed counters and reads gcov's JSON: the unit tests (wa_tests), every
// conformance scenario, and the fuzz suite's 300 programs (tests/fuzz/suite.mjs)
// or --seeds N generated ones through `fuzz --batch`.  A line counts as
// covered when any suite ran it.  --files lists every file, not only those
// under 90%.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Batch } from '../tests/fuzz/batch.mjs';
import { generate } from '../tests/fuzz/gen.mjs';
import { suitePrograms } from '../tests/fuzz/suite.mjs';
import { root } from './targets.mjs';

const GOAL = 90; // percent of src/core's lines
const build = join(root, 'build/coverage');
const objects = join(build, 'CMakeFiles/wasyncio.dir/src/core');

const argv = process.argv.slice(2);
const at = argv.indexOf('--seeds');
const seeds = at >= 0 ? Number(argv[at + 1]) : 0;
const allFiles = argv.includes('--files');

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

const built = sh(process.execPath, ['tools/build.mjs', 'coverage'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(1);

function zero() {
  for (const f of readdirSync(objects)) if (f.endsWith('.gcda')) rmSync(join(objects, f));
}

// path -> Map(line -> count) over src/core's executable lines, from the
// counters as they are (a file no suite ran has no .gcda: gcov counts 0)
function collect() {
  const files = new Map();
  const gcno = readdirSync(objects).filter((f) => f.endsWith('.gcno')).map((f) => join(objects, f));
  const r = sh('gcov', ['--json-format', '--stdout', ...gcno], { cwd: build });
  for (const doc of r.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    for (const f of JSON.parse(doc).files) {
      const path = relative(root, resolve(build, f.file));
      if (!/^src\/core\/[^/]+\.[ch]$/.test(path)) continue;
      const lines = files.get(path) ?? new Map();
      for (const l of f.lines) lines.set(l.line_number, (lines.get(l.line_number) ?? 0) + l.count);
      files.set(path, lines);
    }
  }
  return files;
}

async function runSuite(name) {
  zero();
  const start = performance.now();
  if (name === 'unit') {
    sh(join(build, 'wa_tests'), []);
  } else if (name === 'conformance') {
    const dir = join(root, 'tests/conformance');
    const list = sh(join(build, 'conformance'), []).stdout.split('\n').filter(Boolean);
    for (const s of list) sh(join(build, 'conformance'), [s], { cwd: dir, timeout: 60_000 });
  } else {
    const programs = seeds ? [...Array(seeds)].map((_, i) => generate(i + 1)) : suitePrograms().map((p) => p.text);
    const b = new Batch([join(build, 'fuzz')]);
    await b.run(programs);
    await b.stop();
  }
  const covered = collect();
  console.log(`coverage: ran ${name} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  return covered;
}

const runs = {};
for (const name of ['unit', 'conformance', 'fuzz']) runs[name] = await runSuite(name);
const lines = new Map([...runs.unit].map(([path, counts]) => [path, [...counts.keys()]]));

// percent of src/core's executable lines run by the suites named
function share(names, file) {
  let total = 0, hit = 0;
  for (const [path, all] of lines) {
    if (file && path !== file) continue;
    for (const n of all) {
      total++;
      if (names.some((s) => (runs[s].get(path)?.get(n) ?? 0) > 0)) hit++;
    }
  }
  return { total, hit, pct: total ? (100 * hit) / total : 0 };
}

const fmt = (s) => `${s.pct.toFixed(1)}% (${s.hit}/${s.total} lines)`;
const together = share(['unit', 'conformance', 'fuzz']);
console.log(`src/core line coverage (gcov):
  unit + conformance + fuzz: ${fmt(together)}${together.pct >= GOAL ? '' : `, under the ${GOAL}% goal`}
  unit + conformance:        ${fmt(share(['unit', 'conformance']))}
  fuzz suite alone:          ${fmt(share(['fuzz']))} (${seeds ? `seeds 1..${seeds}` : 'the 300 programs of npm test'})
  unit alone:                ${fmt(share(['unit']))}
  conformance alone:         ${fmt(share(['conformance']))}
  run by the fuzz suite only: ${together.hit - share(['unit', 'conformance']).hit} lines`);
const rows = [...lines.keys()].sort().map((f) => ({ f, all: share(['unit', 'conformance', 'fuzz'], f), fz: share(['fuzz'], f) }))
  .filter((r) => allFiles || r.all.pct < GOAL);
if (rows.length) {
  console.log(allFiles ? 'per file (together / fuzz alone):' : `files under ${GOAL}% (together / fuzz alone):`);
  for (const r of rows) console.log(`  ${r.f.padEnd(28)} ${r.all.pct.toFixed(1).padStart(5)}%  ${r.fz.pct.toFixed(1).padStart(5)}%  (${r.all.total - r.all.hit} lines not run)`);
}
