// tools/fuzz.mjs — differential fuzzing of wasyncio against CPython 3.13:
// random programs (tests/fuzz/gen.mjs) run by both interpreters
// (tests/fuzz/interp.py and the `fuzz` program built from tests/fuzz/interp.c),
// whose traces must be equal.  docs/fuzzing.md says how to use it.
//
//   npm run fuzz -- --seeds N [--from S] [--target native|sanitize|wasi|emscripten] [--jobs J]
//                   [--tasks N --depth N --ops N --weights op=w,...] [--no-shrink]
//   npm run fuzz -- --seed S [--target T] [knobs]   one program, its traces and their difference
//   npm run fuzz -- --record                        re-records CPython's traces of the npm test suite
//   --c-cmd 'CMD ARGS': run CMD ARGS (--batch appended) as the C side instead of the target's fuzz program
//
// Each job is a pair of interpreters running in batch mode, fed chunks of
// programs.  A crash, a hang or a sanitizer report of the C side counts as a
// difference (the batch goes on in a fresh process).  The first program of
// each kind of difference is shrunk to a minimal one that still differs the
// same way and written out as a conformance pair (tests/fuzz/emit.mjs).
// Exit status: 0 when no program differed, 1 when one did, 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Batch } from '../tests/fuzz/batch.mjs';
import { compare, explain } from '../tests/fuzz/compare.mjs';
import { emitPair } from '../tests/fuzz/emit.mjs';
import { generate, KNOBS, parseKnobs } from '../tests/fuzz/gen.mjs';
import { shrink } from '../tests/fuzz/shrink.mjs';
import { findPython, suitePrograms, writeRecorded } from '../tests/fuzz/suite.mjs';
import { locate, root } from './targets.mjs';

const CHUNK = 50;            // programs sent to a pair at a time
const SANITIZE_RUN = 400;    // programs an ASan process runs: a leak report at its exit has that many suspects

function usage(msg) {
  console.error(`fuzz: ${msg}\nusage: npm run fuzz -- --seeds N [--from S] [--target native|sanitize|wasi|emscripten] `
    + '[--jobs J] [--tasks N] [--depth N] [--ops N] [--weights op=w,...] [--no-shrink] | --seed S | --record');
  process.exit(2);
}

function options(argv) {
  let parsed;
  try {
    parsed = parseKnobs(argv);
  } catch (e) {
    usage(e.message);
  }
  const o = { knobs: parsed.knobs, seeds: 1000, from: 1, target: 'native', jobs: 2, shrink: true, maxShrink: 5 };
  const rest = parsed.rest;
  const num = (i) => {
    const v = Number(rest[i]);
    if (!Number.isInteger(v) || v < 0) usage(`${rest[i - 1]} needs a whole number`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--seeds') o.seeds = num(++i);
    else if (a === '--from') o.from = num(++i);
    else if (a === '--seed') o.seed = num(++i);
    else if (a === '--jobs') o.jobs = Math.max(1, num(++i));
    else if (a === '--max-shrink') o.maxShrink = num(++i);
    else if (a === '--target') o.target = rest[++i];
    else if (a === '--c-cmd') o.cCmd = rest[++i].split(' ');
    else if (a === '--no-shrink') o.shrink = false;
    else if (a === '--record') o.record = true;
    else usage(`unknown argument '${a}'`);
  }
  if (!['native', 'sanitize', 'valgrind', 'wasi', 'emscripten'].includes(o.target)) usage(`unknown target '${o.target}'`);
  return o;
}

function interpreters(target, cCmd) {
  const python = findPython();
  if (!python) {
    console.error('fuzz: needs CPython 3.13 (PYENV_VERSION=3.13.0 python3) for tests/fuzz/interp.py');
    process.exit(2);
  }
  if (cCmd) return { python, c: cCmd };
  // Ninja makes this quick when the build is up to date
  const preset = target === 'valgrind' ? 'native' : target;
  const built = spawnSync(process.execPath, [join(root, 'tools/build.mjs'), preset], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) process.exit(2);
  const where = locate(target, 'fuzz');
  if (!where.argv) {
    console.error(`fuzz: no C interpreter for ${target}: ${where.skip ?? where.error} (node tools/build.mjs ${target})`);
    process.exit(2);
  }
  return { python, c: where.argv };
}

function pair({ python, c }, target, onLeak) {
  return {
    py: new Batch(python.argv, { env: python.env }),
    c: new Batch(c, {
      maxRun: target === 'sanitize' ? SANITIZE_RUN : Infinity,
      wholeInput: target === 'emscripten',
      // a report at an exit nobody saw as a crash: a leak, made by one of the programs it ran
      onExit: (end) => { if (!end.crashed && /ERROR: \w+Sanitizer/.test(end.stderr)) onLeak?.(end); },
    }),
  };
}
const stopPair = (p) => Promise.all([p.py.stop(), p.c.stop()]);

// Runs one program on fresh processes: with the C side's exit (a leak shows only there).
async function runOnce(interp, target, text) {
  let exit = null;
  const p = pair(interp, target);
  p.c.onExit = (end) => { exit = end; };
  const [[py], [c]] = await Promise.all([p.py.run([text]), p.c.run([text])]);
  await stopPair(p);
  if (!c.crash && exit && /ERROR: (?:Leak|Address)Sanitizer/.test(exit.stderr)) {
    c.crash = `exit status ${exit.code}\n${exit.stderr.trim().split('\n').slice(0, 30).join('\n')}`;
  }
  return { py, c, diff: compare(py, c) };
}

async function shrinkAndEmit(interp, o, found) {
  const p = pair(interp, o.target);
  const leak = /^sanitizer:detected/.test(found.diff.kind);
  const interesting = async (text) => {
    if (leak) return (await runOnce(interp, o.target, text)).diff?.kind === found.diff.kind;
    const [[py], [c]] = await Promise.all([p.py.run([text]), p.c.run([text])]);
    return compare(py, c)?.kind === found.diff.kind;
  };
  const start = performance.now();
  const small = await shrink(found.text, interesting);
  await stopPair(p);
  const again = await runOnce(interp, o.target, small.text);
  const explanation = again.diff ? explain(again.diff) : explain(found.diff);
  console.log(`\nseed ${found.seed}: ${found.diff.kind}, shrunk in ${small.tries} runs (${((performance.now() - start) / 1000).toFixed(1)} s) to:`);
  console.log(small.text.trimEnd().replace(/^/gm, '    '));
  console.log(explanation.replace(/^/gm, '  '));
  const pairOut = emitPair({ program: small.text, seed: found.seed, target: o.target, diff: again.diff ?? found.diff, explanation });
  console.log(`  written: tests/conformance/${pairOut.name}.{c,py}` + (pairOut.recorded
    ? `, CPython's trace in tests/conformance/expected/${pairOut.name}.txt`
    : ` (CPython's trace not recorded: ${pairOut.note})`));
}

async function one(o) {
  const interp = interpreters(o.target, o.cCmd);
  const text = generate(o.seed, o.knobs);
  console.log(`# seed ${o.seed}\n${text}`);
  const r = await runOnce(interp, o.target, text);
  console.log(`--- CPython 3.13 (interp.py)\n${r.py.trace}${r.py.crash ? `[crash] ${r.py.crash}\n` : ''}`);
  console.log(`--- wasyncio, ${o.target} (fuzz)\n${r.c.trace}${r.c.crash ? `[crash] ${r.c.crash}\n` : ''}`);
  if (!r.diff) {
    console.log('the same');
    return 0;
  }
  console.log(explain(r.diff));
  if (o.shrink) await shrinkAndEmit(interp, o, { seed: o.seed, text, diff: r.diff });
  return 1;
}

async function many(o) {
  const interp = interpreters(o.target, o.cCmd);
  const leaks = [];
  const pairs = [...Array(o.jobs)].map(() => pair(interp, o.target, (end) => leaks.push(end)));
  const found = [];
  const end = o.from + o.seeds;
  let next = o.from;
  let done = 0;
  const start = performance.now();
  let shown = start;
  const rate = () => done / ((performance.now() - start) / 1000);
  const worker = async (p) => {
    while (next < end) {
      const first = next;
      const n = Math.min(CHUNK, end - next);
      next += n;
      const progs = [...Array(n)].map((_, i) => generate(first + i, o.knobs));
      const [a, b] = await Promise.all([p.py.run(progs), p.c.run(progs)]);
      for (let i = 0; i < n; i++) {
        const diff = compare(a[i], b[i]);
        if (diff) found.push({ seed: first + i, text: progs[i], diff });
      }
      done += n;
      if (performance.now() - shown > 5000) {
        shown = performance.now();
        console.error(`fuzz: ${done}/${o.seeds} programs, ${rate().toFixed(0)}/s, ${found.length} differences`);
      }
    }
  };
  await Promise.all(pairs.map(worker));
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(pairs.map(stopPair));
  // a leak shows when a process ends: find its programs by halves
  for (const leak of leaks) {
    for (const text of await leakers(interp.c, leak.programs)) {
      const r = await runOnce(interp, o.target, text);
      if (r.diff) found.push({ seed: generateSeed(text, o), text, diff: r.diff });
    }
  }
  console.log(`fuzz: ${done} programs (seeds ${o.from}..${end - 1}, ${o.target}, ${o.jobs} jobs) in ${seconds.toFixed(1)} s: `
    + `${(done / seconds).toFixed(0)} programs/s, ${found.length} differ`);
  const kinds = new Map();
  for (const f of found) {
    if (!kinds.has(f.diff.kind)) kinds.set(f.diff.kind, []);
    kinds.get(f.diff.kind).push(f);
  }
  for (const [kind, list] of kinds) {
    console.log(`  ${kind}: ${list.length} (seeds ${list.slice(0, 8).map((f) => f.seed).join(' ')}${list.length > 8 ? ' ...' : ''})`);
  }
  if (o.shrink) {
    for (const [, list] of [...kinds].slice(0, o.maxShrink)) await shrinkAndEmit(interp, o, list[0]);
  }
  return found.length ? 1 : 0;
}

// Which of programs make the C side's sanitizer report at exit (a leak):
// a process on each half that reports, down to single programs.
async function leakers(argv, programs) {
  if (!programs.length) return [];
  const b = new Batch(argv);
  await b.run(programs);
  const end = await b.stop();
  if (!/ERROR: \w+Sanitizer/.test(end.stderr)) return [];
  if (programs.length === 1) return programs;
  const half = programs.length >> 1;
  return [...await leakers(argv, programs.slice(0, half)), ...await leakers(argv, programs.slice(half))];
}

// The seed of a program the run generated (for a leak found after the run).
function generateSeed(text, o) {
  for (let s = o.from; s < o.from + o.seeds; s++) if (generate(s, o.knobs) === text) return s;
  return -1;
}

async function record() {
  const python = findPython();
  if (!python) usage('--record needs CPython 3.13 (PYENV_VERSION=3.13.0 python3)');
  const progs = suitePrograms();
  const b = new Batch(python.argv, { env: python.env });
  const out = await b.run(progs.map((p) => p.text));
  await b.stop();
  const bad = out.findIndex((r) => r.crash || /^error:/m.test(r.trace));
  if (bad >= 0) {
    console.error(`fuzz: interp.py failed on seed ${progs[bad].seed}:\n${out[bad].crash ?? out[bad].trace}`);
    return 1;
  }
  writeRecorded(progs.map((p, i) => ({ ...p, trace: out[i].trace })), python.version);
  console.log(`fuzz: recorded ${python.version}'s traces of seeds 1..${progs.length} in tests/fuzz/recorded.txt`);
  return 0;
}

const o = options(process.argv.slice(2));
if (o.record && JSON.stringify(o.knobs) !== JSON.stringify({ ...KNOBS, weights: {} })) usage('--record takes no knobs: the suite uses the defaults');
process.exitCode = await (o.record ? record() : o.seed !== undefined ? one(o) : many(o));
