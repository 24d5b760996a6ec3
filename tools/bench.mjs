// tools/bench.mjs — `npm run bench`: the anchor workloads in wasyncio
// (bench/workloads.c) natively, under node:wasi, through Emscripten and
// through the npm package's loader (build/js/workloads_asyncify.wasm),
// beside the same workloads in CPython 3.13 asyncio and uvloop
// (bench/anchors.py), in Node's async/await (bench/anchors.mjs), in Rust's
// tokio on a current_thread runtime (bench/tokio, built offline from
// Debian's crates by tools/bench-tokio.mjs) and in hand-written C, the floor
// (bench/floor.c, natively and as WASI); and bench/million_tasks.c.
//
//   node tools/bench.mjs [--runs N] [--scale S] [--only NAME] [--json FILE] [--no-build]
//   node tools/bench.mjs --callgrind [--scale S] [--only NAME] [--json FILE]
//
// Every system runs once per round, in the same order (interleaved, so
// machine drift touches all alike); the table shows the median of the runs
// (3 unless --runs says otherwise), the ratios ours/floor and ours/each
// anchor, bytes per waiting task, million_tasks' time and peak RSS, the
// speed targets met or missed (on the medians, with each round's ratio
// beside), and the wasm sizes.  An anchor that is not installed is skipped
// and the table says why.
// --callgrind counts instructions instead (valgrind, machine noise does not
// matter): ours, the floor and tokio at scales S and 2S (default 0.02), and
// the difference divided by the difference in n, so start-up cancels out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { buildTokio } from './bench-tokio.mjs';
import { locate, onPath, root, run } from './targets.mjs';

const WORKLOADS = ['idle_mem', 'spawn', 'pingpong', 'timers', 'tree', 'chain', 'echo'];
const short = { 'ours-native': 'native', 'ours-wasi': 'WASI', 'ours-emscripten': 'Emscripten', 'ours-npm': 'npm', floor: 'floor',
  'floor-wasm': 'wasm floor', cpython: 'CPython', uvloop: 'uvloop', node: 'Node', tokio: 'tokio' };
const UNIT = { idle_mem: 'task', spawn: 'task', pingpong: 'round', timers: 'task', tree: 'task', chain: 'await', echo: 'round trip' };

function usage(msg) {
  console.error(`bench: ${msg}\nusage: node tools/bench.mjs [--runs N] [--scale S] [--only NAME] [--json FILE] [--no-build] [--callgrind]`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { runs: 3, scale: null, only: null, json: null, build: true, callgrind: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--runs') o.runs = Number(value());
    else if (a === '--scale') o.scale = Number(value());
    else if (a === '--only') o.only = value();
    else if (a === '--json') o.json = resolve(value());
    else if (a === '--no-build') o.build = false;
    else if (a === '--callgrind') o.callgrind = true;
    else usage(`unknown argument '${a}'`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) usage('--runs takes a whole number >= 1');
  if (o.scale !== null && !(o.scale > 0)) usage('--scale takes a number > 0');
  if (o.only && !WORKLOADS.includes(o.only)) usage(`no workload '${o.only}' (${WORKLOADS.join(', ')})`);
  return o;
}

const benchSrc = join(root, 'bench');
const benchDir = join(root, 'build/bench');

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

/* ---- building ----------------------------------------------------------- */

// Our four builds (each only where its toolchain is installed), by preset;
// the npm loader's build (preset js) runs as target node.
const RUNS_AS = { release: 'release', wasi: 'wasi', emscripten: 'emscripten', js: 'node' };
function buildOurs(presets) {
  const wanted = presets.filter((p) => !locate(RUNS_AS[p], 'workloads').skip);
  if (!wanted.length) return;
  const r = sh(process.execPath, [join(root, 'tools/build.mjs'), ...wanted], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const fresh = (out, ...srcs) => existsSync(out) && srcs.every((src) => statSync(out).mtimeMs >= statSync(src).mtimeMs);

// The floor, natively with cc -O2 and as WASI with clang: { file } or { skip }.
// It has no library to link, so it is built here rather than by a preset.
// A compiler that is installed but fails on it is an error, not a skip.
const FLOOR_FLAGS = ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror'];
function buildFloor() {
  const src = join(benchSrc, 'floor.c');
  mkdirSync(benchDir, { recursive: true });
  const compile = (cc, file, args, libs = []) => {
    if (fresh(file, src, join(benchSrc, 'sizes.h'))) return { file };
    const r = sh(cc, [...FLOOR_FLAGS, ...args, '-o', file, src, ...libs]);
    if (r.status === 0) return { file };
    console.error(`bench: ${[cc, ...args].join(' ')} could not build bench/floor.c:\n${r.stderr.trim()}`);
    process.exit(1);
  };
  const cc = ['cc', 'gcc', 'clang'].find(onPath);
  const wcc = ['clang-19', 'clang-14', 'clang'].find(onPath);
  return {
    native: cc ? compile(cc, join(benchDir, 'floor'), [], ['-lm']) : { skip: 'no C compiler' },
    wasm: !wcc ? { skip: 'no clang for wasm32-wasi' }
      : !existsSync('/usr/include/wasm32-wasi') ? { skip: 'wasi-libc is not installed' }
      : compile(wcc, join(benchDir, 'floor.wasm'), ['--target=wasm32-wasi', '-Wl,--strip-debug']),
  };
}

// The tokio anchor (bench/tokio), by cargo from Debian's crates: { file,
// version } or { skip } (no cargo, no crates); a failing build is an error.
function tokioAnchor(o) {
  const t = buildTokio({ stdio: ['ignore', 'inherit', 'inherit'], build: o.build });
  if (!t.error) return t;
  console.error(`bench: ${t.error}`);
  process.exit(1);
}

/* ---- the systems ---------------------------------------------------------- */

function probe(cmd, args, env) {
  const r = sh(cmd, args, { env: { ...process.env, ...env } });
  return r.status === 0 ? r.stdout.trim() : null;
}

// Every system: { id, label, kind, argv, env } or, when absent, { ..., skip }.
function systems(floor, tokio) {
  const list = [];
  const ours = (id, label, target) => {
    const where = locate(target, 'workloads');
    list.push({ id, label, kind: 'ours', argv: where.argv, skip: where.skip ?? where.error });
  };
  ours('ours-native', 'wasyncio native', 'release');
  ours('ours-wasi', 'wasyncio WASI (node:wasi)', 'wasi');
  ours('ours-emscripten', 'wasyncio Emscripten (Node)', 'emscripten');
  ours('ours-npm', 'wasyncio npm loader (Node, wasyncio-cc -O2)', 'node');
  const py = join(benchSrc, 'anchors.py'), mjs = join(benchSrc, 'anchors.mjs');
  const v313 = probe('python3', ['--version'], { PYENV_VERSION: '3.13.0' });
  list.push(/^Python 3\.13\./.test(v313 ?? '')
    ? { id: 'cpython', label: `CPython ${v313.split(' ')[1]} asyncio`, kind: 'anchor', argv: ['python3', py], env: { PYENV_VERSION: '3.13.0' } }
    : { id: 'cpython', label: 'CPython 3.13 asyncio', kind: 'anchor', skip: 'not installed (PYENV_VERSION=3.13.0 python3)' });
  const uv = probe('/usr/bin/python3', ['-c', 'import sys, uvloop; print(uvloop.__version__, sys.version.split()[0])']);
  list.push(uv
    ? { id: 'uvloop', label: `uvloop ${uv.split(' ')[0]} (CPython ${uv.split(' ')[1]})`, kind: 'anchor', argv: ['/usr/bin/python3', py, '--uvloop'] }
    : { id: 'uvloop', label: 'uvloop', kind: 'anchor', skip: 'not installed (apt-get install python3-uvloop)' });
  list.push({ id: 'node', label: `Node ${process.version} async/await`, kind: 'anchor', argv: [process.execPath, mjs] });
  list.push({ id: 'tokio', label: tokio.version ? `tokio ${tokio.version} current_thread` : 'tokio current_thread', kind: 'anchor',
    argv: tokio.file && [tokio.file], skip: tokio.skip });
  list.push({ id: 'floor', label: 'floor: bench/floor.c native', kind: 'floor', argv: floor.native.file && [floor.native.file], skip: floor.native.skip });
  // run by the same node:wasi runner as ours
  list.push({ id: 'floor-wasm', label: 'floor: bench/floor.c WASI (node:wasi)', kind: 'floor',
    argv: floor.wasm.file && [process.execPath, join(root, 'tools/wasi-run.mjs'), floor.wasm.file], skip: floor.wasm.skip });
  // not a column: a line of its own below the table
  const million = locate('release', 'million_tasks');
  list.push({ id: 'million_tasks', label: 'million_tasks', kind: 'million', argv: million.argv, skip: million.skip ?? million.error });
  return list;
}

/* ---- running ------------------------------------------------------------- */

// `workload=NAME n=N seconds=S` / `bytes_per_task=B` lines.
function parseLines(stdout) {
  const out = {};
  for (const m of stdout.matchAll(/^workload=(\w+) n=(\d+) (seconds|bytes_per_task)=(-?[\d.]+)$/gm))
    out[m[1]] = { n: Number(m[2]), value: Number(m[4]) };
  return out;
}

function argsFor(o) {
  return [...(o.only ? ['--only', o.only] : []), ...(o.scale !== null ? [String(o.scale)] : [])];
}

// million_tasks takes its number of tasks and prints
// `tasks=N seconds=S peak_rss_kb=K ... cpu_seconds=C`: results as parseLines gives them.
const MILLION = 1_000_000;
const millionN = (o) => Math.max(1, Math.round(MILLION * (o.scale ?? 1)));
function parseMillion(stdout) {
  const m = /^tasks=(\d+) seconds=([\d.]+) peak_rss_kb=(\d+) .* cpu_seconds=([\d.]+)$/m.exec(stdout);
  if (!m) return {};
  const n = Number(m[1]);
  return { seconds: { n, value: Number(m[2]) }, peak_rss: { n, value: Number(m[3]) * 1024 }, cpu_seconds: { n, value: Number(m[4]) } };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

async function timeAll(o, list) {
  const raw = [];   // { round, system, results | error }
  for (let round = 1; round <= o.runs; round++) {
    for (const s of list) {
      if (s.skip) continue;
      if (s.kind === 'ours' && o.only && !s.built.includes(o.only)) continue;
      if (s.kind === 'million' && o.only) continue;
      process.stderr.write(`bench: round ${round}/${o.runs} ${s.id} ... `);
      const args = s.kind === 'million' ? [String(millionN(o))] : argsFor(o);
      const r = await run([...s.argv, ...args], { env: { ...process.env, ...s.env }, timeout: 900_000 });
      const results = s.kind === 'million' ? parseMillion(r.stdout) : parseLines(r.stdout);
      const error = r.code === 0 ? null : `exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      process.stderr.write(error ? `FAILED (${error})\n` : `${r.seconds.toFixed(1)} s\n`);
      raw.push({ round, system: s.id, results, error });
    }
  }
  return raw;
}

// medians[system][workload] = { n, value, runs }
function medians(raw) {
  const by = {};
  for (const { system, results } of raw)
    for (const [w, { n, value }] of Object.entries(results)) ((by[system] ??= {})[w] ??= { n, values: [] }).values.push(value);
  for (const sys of Object.values(by))
    for (const [w, e] of Object.entries(sys)) sys[w] = { n: e.n, value: median(e.values), runs: e.values };
  return by;
}

/* ---- targets ---------------------------------------------------------------- */

// Limits on ours / other; below 1 ours is faster or smaller.
const FLOOR_LIMITS = { spawn: 3, tree: 3, pingpong: 4, chain: 2, timers: 1.3, echo: 1.15, idle_mem: 2 };
const WASM_FLOOR_LIMITS = { spawn: 4, pingpong: 4, tree: 4, chain: 4, timers: 1.6, idle_mem: 2 };

// value[system][workload] in each round: Map(round -> value)
function byRound(raw) {
  const by = {};
  for (const { round, system, results } of raw)
    for (const [w, { value }] of Object.entries(results)) ((by[system] ??= {})[w] ??= new Map()).set(round, value);
  return by;
}

// Judged on the medians; each round's figure goes beside the verdict, as
// the machine's noise can put a ratio near its limit on either side.
function targets(med, raw, list, o) {
  const v = (s, w) => med[s]?.[w]?.value;
  const each = byRound(raw);
  const unbuilt = (s, w) => list.find((x) => x.id === s)?.built?.includes(w) === false;
  const out = [];
  const against = (what, sys, other, w, limit) => {
    const a = v(sys, w), b = v(other, w), ok = a !== undefined && b > 0;
    const why = unbuilt(sys, w) ? `not built for ${sys} yet` : a === undefined ? `${sys} not measured`
      : b === undefined ? `${other} not measured`
      : b > 0 ? null : `${other} measured 0 (below the lines' resolution)`;
    const theirs = each[other]?.[w];
    const rounds = ok ? [...(each[sys]?.[w] ?? [])].filter(([r]) => theirs.get(r) > 0).map(([r, x]) => x / theirs.get(r)) : [];
    out.push({ target: what, workload: w, system: sys, against: other, limit,
      ratio: ok ? a / b : null, met: ok ? a / b <= limit : null, rounds, why });
  };
  for (const w of WORKLOADS) against('native faster than tokio', 'ours-native', 'tokio', w, 1);
  const bytes = (limit) => `at most ${limit}x the floor's bytes per waiting task`;
  for (const [w, limit] of Object.entries(FLOOR_LIMITS))
    against(w === 'idle_mem' ? bytes(limit) : `native within ${limit}x of the floor`, 'ours-native', 'floor', w, limit);
  for (const sys of ['ours-wasi', 'ours-emscripten', 'ours-npm'])
    for (const [w, limit] of Object.entries(WASM_FLOOR_LIMITS))
      against(w === 'idle_mem' ? bytes(limit) : `wasm within ${limit}x of the wasm floor`, sys, 'floor-wasm', w, limit);
  against('echo under Node within 1.25x of Node\'s net', 'ours-npm', 'node', 'echo', 1.25);
  // absolute, so only at the full size (scale 1)
  const million = (what, key, limit, unit) => {
    const a = v('million_tasks', key);
    const why = a === undefined ? 'million_tasks not measured' : (o.scale ?? 1) !== 1 ? 'judged at scale 1 only' : null;
    out.push({ target: what, workload: 'million_tasks', system: 'million_tasks', against: null, limit, unit,
      value: a ?? null, met: why ? null : a <= limit, rounds: [...(each.million_tasks?.[key]?.values() ?? [])], why });
  };
  million('a million tasks in under 0.6 s', 'seconds', 0.6, 's');
  million('a million tasks with peak RSS at most 150 MB', 'peak_rss', 150e6, 'B');
  return out;
}

/* ---- sizes ---------------------------------------------------------------- */

function sizes() {
  const rows = [];
  const add = (label, file, data) => {
    if (!data && !existsSync(file)) return;
    data ??= readFileSync(file);
    rows.push({ label, file: file.replace(root, ''), bytes: data.length, gzip: gzipSync(data, { level: 9 }).length });
  };
  add('wasyncio workloads, WASI', join(root, 'build/wasi/workloads.wasm'));
  const em = join(root, 'build/emscripten/workloads.js');
  if (existsSync(em)) {
    const js = readFileSync(em);
    add('wasyncio workloads, Emscripten single-file .js', em, js);
    // -sSINGLE_FILE embeds the module as base64; the wasm itself is that decoded
    const m = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(js.toString('latin1'));
    if (m) add('  of which the embedded wasm', `${em} (embedded)`, Buffer.from(m[1], 'base64'));
  }
  add('wasyncio workloads, npm loader (Asyncify, -O2)', join(root, 'build/js/workloads_asyncify.wasm'));
  add('wasyncio npm runtime, js/wasyncio.wasm', join(root, 'js/wasyncio.wasm'));
  add('floor: bench/floor.c, WASI', join(benchDir, 'floor.wasm'));
  return rows;
}

/* ---- printing --------------------------------------------------------------- */

const secs = (x) => (x < 0.01 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(2));
const ratio = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2)) + 'x';
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;

// A target's rounds, when there are several: "; rounds 1.21x to 1.43x, 2 of 5 within"
function spread(t, show) {
  if (t.rounds.length < 2) return '';
  const within = t.rounds.filter((x) => x <= t.limit).length;
  return `; rounds ${show(Math.min(...t.rounds))} to ${show(Math.max(...t.rounds))}, ${within} of ${t.rounds.length} within`;
}

function cell(s, w, med, failedIds) {
  if (s.skip) return 'skipped';
  if (s.kind === 'ours' && !s.built.includes(w)) return 'not built';
  const e = med[s.id]?.[w];
  if (!e) return failedIds.has(s.id) ? 'failed' : '—';
  return w === 'idle_mem' ? `${e.value.toFixed(0)} B/task` : `${secs(e.value)} s`;
}

function printTables(o, list, med, raw, tgt, size, machine) {
  const works = WORKLOADS.filter((w) => !o.only || w === o.only);
  const failedIds = new Set(raw.filter((r) => r.error).map((r) => r.system));
  const lines = [];
  const p = (s = '') => lines.push(s);
  const columns = list.filter((s) => s.kind !== 'million');
  p(`Medians of ${o.runs} interleaved run(s) at scale ${o.scale ?? 1}; ${machine.cpus}, ${machine.nproc} CPUs, ${machine.memory}; ${machine.os}; ${machine.date}; ${machine.load}.`);
  p();
  p(`| workload | ${columns.map((s) => s.label).join(' | ')} |`);
  p(`| --- |${' ---: |'.repeat(columns.length)}`);
  for (const w of works) p(`| ${w} | ${columns.map((s) => cell(s, w, med, failedIds)).join(' | ')} |`);
  for (const s of list.filter((x) => x.skip)) p(`\n${s.label}: skipped, ${s.skip}.`);
  const million = med.million_tasks;
  if (million) {
    p(`\nmillion_tasks: ${million.seconds.n} tasks that each sleep(0) once, spawned, run, awaited and freed ` +
      `(build/release/million_tasks ${million.seconds.n}): ${secs(million.seconds.value)} s ` +
      `(${secs(million.cpu_seconds.value)} s of CPU), peak RSS ${mb(million.peak_rss.value)}.`);
  }
  if (works.includes('echo') && list.some((s) => s.kind === 'ours' && !s.skip && !s.built.includes('echo')))
    p('\necho: natively and through the npm loader (node:net) for wasyncio; WASI preview 1 and the Emscripten\n' +
      'glue build have no sockets, and neither has the WASI floor.');
  const cols = [['ours-native', 'floor'], ['ours-wasi', 'floor-wasm'], ['ours-emscripten', 'floor-wasm'],
    ['ours-npm', 'floor-wasm'], ['ours-native', 'tokio'], ['ours-native', 'cpython'], ['ours-native', 'uvloop'],
    ['ours-native', 'node'], ['ours-wasi', 'node'], ['ours-emscripten', 'node'], ['ours-npm', 'node']];
  p();
  p('Ratios, ours / other (below 1: ours is faster or smaller):');
  p();
  p(`| workload | ${cols.map(([a, b]) => `${short[a]} / ${short[b]}`).join(' | ')} |`);
  p(`| --- |${' ---: |'.repeat(cols.length)}`);
  for (const w of works) {
    p(`| ${w} | ${cols.map(([a, b]) => {
      const x = med[a]?.[w]?.value, y = med[b]?.[w]?.value;
      return x !== undefined && y ? ratio(x / y) : '—';
    }).join(' | ')} |`);
  }
  const judged = tgt.filter((t) => !o.only || t.workload === o.only);
  if (judged.length) {
    p();
    p('Targets:');
    p();
    for (const t of judged) {
      const mark = t.met === null ? 'n/a ' : t.met ? 'met ' : 'MISS';
      if (!t.against) {
        const show = t.unit === 'B' ? mb : (x) => `${secs(x)} s`;
        p(`- ${mark} ${t.target}: ${t.met === null ? t.why : `${show(t.value)} (limit ${show(t.limit)}${spread(t, show)})`}`);
        continue;
      }
      const why = t.met === null ? t.why : `${ratio(t.ratio)} (limit ${t.limit}x${spread(t, ratio)})`;
      p(`- ${mark} ${t.target}: ${t.workload}, ${short[t.system]} vs ${short[t.against]}: ${why}`);
    }
  }
  if (size.length) {
    p();
    p('| wasm | raw | gzip -9 |');
    p('| --- | ---: | ---: |');
    for (const s of size) p(`| ${s.label} | ${kb(s.bytes)} | ${kb(s.gzip)} |`);
  }
  console.log(lines.join('\n'));
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus[0]?.model?.trim() ?? 'unknown CPU',
    nproc: os.availableParallelism?.() ?? cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    // the machine may be shared: ratios from interleaved runs hold up better than times
    load: `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  };
}

/* ---- callgrind ---------------------------------------------------------------- */

// Instructions per unit of n: the difference between two scales cancels
// process start-up, loop creation and the interpreter-free rest.
async function callgrind(o, list) {
  if (!onPath('valgrind')) usage('--callgrind needs valgrind');
  const s1 = o.scale ?? 0.02, s2 = 2 * s1;
  const dir = join(benchDir, 'callgrind');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const id of ['ours-native', 'floor', 'tokio']) {
    const s = list.find((x) => x.id === id);
    if (s.skip) {
      console.error(`bench: ${id} skipped: ${s.skip}`);
      continue;
    }
    const works = (s.built ?? WORKLOADS).filter((w) => w !== 'echo' && (!o.only || w === o.only));
    for (const w of works) {
      const at = [];
      for (const scale of [s1, s2]) {
        process.stderr.write(`bench: callgrind ${id} ${w} ${scale} ... `);
        const out = join(dir, `${id}.${w}.${scale}.out`);
        const r = await run(['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, ...s.argv, '--only', w, String(scale)],
          { timeout: 900_000 });
        const ir = /Collected : (\d+)/.exec(r.stderr), line = parseLines(r.stdout)[w];
        if (r.code !== 0 || !ir || !line) {
          console.error(`FAILED (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
          process.exitCode = 1;
          break;
        }
        process.stderr.write(`${ir[1]} instructions\n`);
        at.push({ n: line.n, ir: Number(ir[1]) });
      }
      if (at.length === 2) rows.push({ system: id, workload: w, per: (at[1].ir - at[0].ir) / (at[1].n - at[0].n), at });
    }
  }
  const per = (id, w) => rows.find((r) => r.system === id && r.workload === w)?.per;
  console.log(`Instructions per unit (callgrind, scales ${s1} and ${s2}; profiles in ${dir.replace(root, '')}):\n`);
  console.log('| workload | unit | wasyncio native | floor | tokio | native / floor | native / tokio |\n' +
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const w of WORKLOADS.filter((x) => x !== 'echo' && (!o.only || x === o.only))) {
    const a = per('ours-native', w), b = per('floor', w), c = per('tokio', w);
    const f = (x) => (x === undefined ? '—' : x.toFixed(0));
    const r = (x, y) => (x !== undefined && y ? ratio(x / y) : '—');
    console.log(`| ${w} | ${UNIT[w]} | ${f(a)} | ${f(b)} | ${f(c)} | ${r(a, b)} | ${r(a, c)} |`);
  }
  return rows;
}

/* ---- main ------------------------------------------------------------------ */

const o = parseArgs(process.argv.slice(2));
if (o.build) buildOurs(o.callgrind ? ['release'] : ['release', 'wasi', 'emscripten', 'js']);
const list = systems(buildFloor(), tokioAnchor(o));
for (const s of list.filter((x) => x.kind === 'ours' && !x.skip)) {
  // which workloads this build has: echo natively and through the loader
  const r = sh(s.argv[0], [...s.argv.slice(1), '--list']);
  s.built = r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  if (r.status !== 0) s.skip = `${s.argv.join(' ')} --list failed: ${r.stderr.trim()}`;
}
const machine = machineInfo();
const command = `node tools/bench.mjs ${process.argv.slice(2).join(' ')}`.trim();
if (o.callgrind) {
  const rows = await callgrind(o, list);
  if (o.json) writeFileSync(o.json, JSON.stringify({ command, machine, callgrind: rows }, null, 2) + '\n');
} else {
  const raw = await timeAll(o, list);
  const med = medians(raw);
  const tgt = targets(med, raw, list, o);
  const size = sizes();
  printTables(o, list, med, raw, tgt, size, machine);
  if (o.json) {
    const systemsOut = list.map(({ id, label, kind, skip, built }) => ({ id, label, kind, skip: skip ?? null, built: built ?? null }));
    writeFileSync(o.json, JSON.stringify({ command, machine, runs: o.runs, scale: o.scale ?? 1, systems: systemsOut,
      raw, medians: med, ratios: ratios(med), targets: tgt, sizes: size }, null, 2) + '\n');
  }
  if (raw.some((r) => r.error)) process.exitCode = 1;
}

// Every ours / other pair, for the JSON.
function ratios(med) {
  const out = {};
  for (const a of ['ours-native', 'ours-wasi', 'ours-emscripten', 'ours-npm'])
    for (const b of Object.keys(med).filter((x) => !x.startsWith('ours-')))
      for (const w of WORKLOADS) {
        const x = med[a]?.[w]?.value, y = med[b]?.[w]?.value;
        if (x !== undefined && y) ((out[a] ??= {})[b] ??= {})[w] = x / y;
      }
  return out;
}
