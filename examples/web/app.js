// examples/web/app.js — the demo page: loads downloads.wasm with the
// package's loader, gives C the progress() function it awaits, and draws
// what C reports.  Every progress call is also appended to window.__log
// ({ index, state, t }) so a test can check the order C reported in, and
// download_all's result is kept in window.__result ({ files, total }).
// Rows start in data-state "idle" until C reports "waiting".
//
// The live view of the C tasks comes from the runtime itself, not from C's
// reports: each frame, runtime.allTasks() (debug mode, for how long) says
// what every task is doing, what it awaits and at which line; the page
// draws that, and keeps each distinct observation in window.__live.
import { load } from '/js/wasyncio.js';

// Sizes and server delays differ so that the three lanes finish out of
// order and the waiting files visibly queue.
const FILES = [
  { name: 'alpha.bin', size: 48_000, delay: 420 },
  { name: 'bravo.bin', size: 12_000, delay: 150 },
  { name: 'charlie.bin', size: 96_000, delay: 650 },
  { name: 'delta.bin', size: 24_000, delay: 300 },
  { name: 'echo.bin', size: 64_000, delay: 500 },
  { name: 'foxtrot.bin', size: 8_000, delay: 200 },
  { name: 'golf.bin', size: 128_000, delay: 700 },
  { name: 'hotel.bin', size: 32_000, delay: 350 },
];

const $ = (id) => document.getElementById(id);
const startButton = $('start');
const statusEl = $('status');
const tbody = document.querySelector('#files tbody');
const fmt = new Intl.NumberFormat('en');

window.__log = [];
window.__live = [];
let rows = [];
let running = 0;
let maxRunning = 0;
let t0 = 0;
let frame = 0;

function cell(tr, className) {
  const td = tr.insertCell();
  if (className) td.className = className;
  return td;
}

function makeRow(file, index) {
  const tr = tbody.insertRow();
  cell(tr, 'num').textContent = index + 1;
  cell(tr, 'name').textContent = file.name;
  cell(tr, 'num').textContent = `${file.delay} ms`;
  const state = cell(tr, 'state');
  const bytes = cell(tr, 'num');
  const ms = cell(tr, 'num');
  const c = cell(tr, 'c-task');
  const track = cell(tr, 'timeline').appendChild(document.createElement('div'));
  track.className = 'track';
  const bar = track.appendChild(document.createElement('div'));
  bar.className = 'bar';
  const row = { tr, state, bytes, ms, c, bar, start: null, end: null };
  setState(row, 'idle', '–');
  bytes.textContent = '–';
  ms.textContent = '–';
  c.textContent = '–';
  return row;
}

function setState(row, state, label = state) {
  row.tr.dataset.state = state;
  row.state.textContent = label;
}

function setStatus(text, state) {
  statusEl.textContent = text;
  statusEl.dataset.state = state;
}

function showCounters() {
  $('running').textContent = running;
  $('max-running').textContent = maxRunning;
}

// Bars share one time axis, 0 .. now (or the total once finished), so they
// rescale as time goes on and overlapping downloads line up visibly.
function draw() {
  const now = performance.now() - t0;
  const span = Math.max(now, 1);
  for (const row of rows) {
    if (row.start === null) continue;
    const end = row.end ?? now;
    row.bar.style.left = `${(100 * row.start) / span}%`;
    row.bar.style.width = `${(100 * (end - row.start)) / span}%`;
    row.ms.textContent = Math.round(end - row.start);
  }
}

// ---- the live view of the C tasks (runtime.allTasks) ---------------------------

const liveBody = document.querySelector('#tasks tbody');
const seen = new Set();
let runtime = null;

const base = (file) => file.slice(file.lastIndexOf('/') + 1);
const at = (f) => `${f.function} ${base(f.file)}:${f.line}`;

// Where a task waits: its innermost frame of the demo's own code, and the
// library coroutine under it if there is one (a Semaphore's acquire has
// none: the task itself waits on the Semaphore, as in asyncio's get_stack).
function where(task) {
  const own = task.stack.filter((f) => !f.file.startsWith('src/'));
  const lib = task.stack.at(-1);
  const mine = own.at(-1) ?? lib;
  return lib && lib !== mine ? `${at(mine)} → ${at(lib)}` : mine ? at(mine) : '';
}

// "<JS progress() pending>" -> "JS progress()"; a bare "<Future pending>" -> "Future".
const awaits = (task) => (task.awaiting ? task.awaiting.replace(/^<(.+?) (pending|cancelling)\b.*$/s, '$1') : '–');

function liveRow(task) {
  const tr = liveBody.insertRow();
  tr.dataset.activity = task.activity;
  cell(tr, 'name').textContent = task.name;
  cell(tr, 'activity').textContent = task.activity;
  cell(tr, 'awaits').textContent = awaits(task);
  cell(tr, 'where').textContent = where(task);
  cell(tr, 'num').textContent = task.waitingFor === null ? '–' : `${Math.round(task.waitingFor * 1000)} ms`;
}

function drawTasks() {
  const tasks = runtime.allTasks();
  liveBody.replaceChildren();
  const live = new Set();
  for (const task of tasks) {
    liveRow(task);
    const fileRow = /^file (\d+)$/.exec(task.name);
    if (fileRow) {
      const row = rows[Number(fileRow[1]) - 1];
      row.c.textContent = `${task.activity}: ${awaits(task)}`;
      live.add(row);
    }
    const note = { name: task.name, activity: task.activity, awaits: awaits(task), where: where(task) };
    const key = JSON.stringify(note);
    if (!seen.has(key) && seen.size < 500) {
      seen.add(key);
      window.__live.push(note);
    }
  }
  for (const row of rows) if (!live.has(row)) row.c.textContent = row.end === null ? '–' : 'done';
  $('task-count').textContent = tasks.length;
}

function animate() {
  draw();
  drawTasks();
  frame = requestAnimationFrame(animate);
}

// Awaited by C (wa_js_call(co, "progress", ...)); the loader adds an
// AbortSignal as the last argument, unused here since this returns at once.
function progress(index, state, bytes, status) {
  const t = performance.now() - t0;
  window.__log.push({ index, state, t });
  const row = rows[index];
  if (state === 'downloading') {
    row.start = t;
    running++;
    maxRunning = Math.max(maxRunning, running);
  } else if (state === 'done' || state === 'failed') {
    if (row.start !== null && row.end === null) running--;
    row.end = t;
    row.bytes.textContent = fmt.format(bytes);
  }
  setState(row, state, state === 'failed' ? `failed (${status ? `HTTP ${status}` : 'network'})` : state);
  showCounters();
}

async function start(rt) {
  startButton.disabled = true;
  tbody.replaceChildren();
  rows = FILES.map(makeRow);
  window.__log = [];
  window.__live = [];
  seen.clear();
  running = maxRunning = 0;
  showCounters();
  $('total').textContent = '–';
  $('bytes').textContent = '–';
  setStatus('running', 'running');
  const urls = FILES.map((f) => new URL(`/files/${f.name}?size=${f.size}&delay=${f.delay}`, location.href).href);
  t0 = performance.now();
  animate();
  try {
    const [files, total] = await rt.tasks.download_all(...urls);
    window.__result = { files, total };
    draw();
    $('total').textContent = `${Math.round(performance.now() - t0)} ms`;
    $('bytes').textContent = fmt.format(total);
    setStatus('finished', 'finished');
  } catch (e) {
    console.error(e);
    setStatus(`error: ${e.name}: ${e.message}`, 'error');
  } finally {
    cancelAnimationFrame(frame);
    drawTasks();      // none left
    startButton.disabled = false;
  }
}

rows = FILES.map(makeRow);
try {
  const rt = await load('/downloads.wasm', { functions: { progress }, debug: true });
  runtime = rt;
  startButton.addEventListener('click', () => start(rt));
  startButton.disabled = false;
  setStatus('ready', 'ready');
} catch (e) {
  console.error(e);
  setStatus(`error: ${e.message}`, 'error');
}
