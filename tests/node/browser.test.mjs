// browser.test.mjs — the web demo (examples/web) in headless Chromium: the
// page loads the package from /js/ and build/js/downloads.wasm, Start runs
// C's download_all, and C's progress calls drive the table.  Checks that
// every file went waiting -> downloading -> done, that no more than three
// were ever downloading (seen by the page and by the server) and that they
// did overlap, that the bytes arrived, and that the page logged no errors;
// and that the live view of the C tasks, drawn from runtime.allTasks(),
// showed file tasks queued on the Semaphore and awaiting fetch and
// progress(), at the lines of downloads.c that do so, and ends empty.
// Also loads the package in a dedicated and a module Web Worker.
// Leaves a screenshot in test-output/web-demo.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { startServer } from '../../examples/web/serve.mjs';
import { primesHeartbeat, primesOutput } from '../../tools/demos.mjs';
import { locateFile, root } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';
import { launchChromium, noChromium } from './chromium.mjs';

const LIMIT = 3;        // the Semaphore in examples/web/downloads.c
const pages = ['js/wasyncio.wasm', 'js/wasyncio-debug.wasm', 'build/js/downloads.wasm', 'build/js/sleepers_asyncify.wasm',
  'build/js/rate_limit_asyncify.wasm'];

describeBuilt('web demo', pages.map((p) => ['node', p]), { skip: noChromium }, () => {
  let server, browser, page;
  const errors = [];        // console errors and uncaught exceptions of the page
  const requested = [];     // URLs of /files/ requests, in order

  before(async () => {
    server = await startServer({ port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`); });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/files/')) requested.push(r.url()); });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const errorText = () => (errors.length ? `\npage errors:\n  ${errors.join('\n  ')}` : '');

  test('the server serves the page, the package and the module, and nothing outside them', async () => {
    const get = (path) => fetch(new URL(path, server.url));
    for (const [path, type] of [['/', 'text/html'], ['/app.js', 'text/javascript'], ['/js/wasyncio.js', 'text/javascript'],
      ['/js/wasyncio.wasm', 'application/wasm'], ['/js/wasyncio-debug.wasm', 'application/wasm'],
      ['/worker.js', 'text/javascript'], ['/downloads.wasm', 'application/wasm']]) {
      const r = await get(path);
      await r.arrayBuffer();
      assert.equal(r.status, 200, path);
      assert.ok(r.headers.get('content-type').startsWith(type), `${path}: ${r.headers.get('content-type')}`);
    }
    const file = await get('/files/x.bin?size=5&delay=10');
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), new TextEncoder().encode('x.binx'.slice(0, 5)));
    // encoded slashes and dots must not climb out of js/ or examples/web/
    for (const path of ['/js/..%2fexamples%2fweb%2fapp.js', '/..%2f..%2fjs%2fwasyncio.js', '/js/%2e%2e/examples/web/app.js',
      '/downloads.c', '/serve.mjs', '/files/x?size=-1', '/files/x?delay=1e9']) {
      const r = await get(path);
      await r.arrayBuffer();
      assert.ok(r.status === 404 || r.status === 400, `${path}: status ${r.status}`);
    }
  });

  test('Start downloads every file, at most three at a time', { timeout: 30_000 }, async () => {
    await page.goto(server.url);
    await page.click('#start');     // waits until the module has loaded and enabled it
    // mid-run, the live view lists the C tasks: the group's and its files'
    await page.waitForFunction(() => Number(document.querySelector('#task-count').textContent) >= 5, null,
      { timeout: 10_000 }).catch((e) => assert.fail(`the live view never listed the tasks: ${e.message}${errorText()}`));
    mkdirSync(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/web-demo-live.png'), fullPage: true });
    await page.waitForFunction(() => ['finished', 'error'].includes(document.querySelector('#status').dataset.state),
      null, { timeout: 25_000 }).catch((e) => assert.fail(`${e.message}${errorText()}`));
    mkdirSync(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/web-demo.png'), fullPage: true });

    assert.equal(await page.textContent('#status'), 'finished', `status${errorText()}`);
    assert.deepEqual(errors, [], errorText());

    const rows = await page.$$eval('#files tbody tr', (trs) => trs.map((tr) => ({
      state: tr.dataset.state,
      name: tr.cells[1].textContent,
      bytes: Number(tr.cells[4].textContent.replaceAll(',', '')),
    })));
    assert.equal(rows.length, 8);
    assert.deepEqual(rows.map((r) => r.state), rows.map(() => 'done'));

    // each file requested once, and its row shows the size the URL asked for
    assert.equal(requested.length, rows.length, requested.join('\n'));
    const sizes = new Map(requested.map((u) => {
      const url = new URL(u);
      return [url.pathname.slice('/files/'.length), Number(url.searchParams.get('size'))];
    }));
    for (const row of rows) assert.equal(row.bytes, sizes.get(row.name), row.name);
    const result = await page.evaluate(() => window.__result);
    assert.deepEqual(result.files, rows.map((r) => [200, r.bytes]));
    assert.equal(result.total, rows.reduce((sum, r) => sum + r.bytes, 0));

    // replay what C reported: the order per file, and how many were downloading
    const log = await page.evaluate(() => window.__log);
    const perFile = rows.map(() => []);
    let running = 0, most = 0;
    for (const { index, state } of log) {
      perFile[index].push(state);
      if (state === 'downloading') most = Math.max(most, ++running);
      if (state === 'done') running--;
      assert.ok(running <= LIMIT, `${running} downloading at once after file ${index} went ${state}`);
    }
    for (const [i, states] of perFile.entries())
      assert.deepEqual(states, ['waiting', 'downloading', 'done'], `file ${i}`);
    const maxShown = Number(await page.textContent('#max-running'));
    assert.equal(maxShown, most, 'the page\'s "most at once" matches its log');
    assert.ok(maxShown >= 2 && maxShown <= LIMIT, `most at once: ${maxShown}, expected 2..${LIMIT} (overlapping)`);
    // and the server never had more than three of these requests open
    assert.ok(server.stats.maxFilesInFlight >= 2 && server.stats.maxFilesInFlight <= LIMIT,
      `server saw ${server.stats.maxFilesInFlight} /files/ requests at once`);
    assert.equal(await page.textContent('#running'), '0');
    assert.match(await page.textContent('#total'), /^\d+ ms$/);

    // the live view: what the loop said its tasks were doing, frame by frame
    const live = await page.evaluate(() => window.__live);
    const source = readFileSync(join(root, 'examples/web/downloads.c'), 'utf8').split('\n');
    const lineOf = (pattern, from = 0) => source.findIndex((l, i) => i >= from && pattern.test(l)) + 1;
    const files = live.filter((n) => /^file [1-8]$/.test(n.name));
    const saw = (awaits, where) => files.some((n) => n.activity === 'waiting' && n.awaits === awaits && n.where === where);
    const sem = lineOf(/WA_WITH_ACQUIRED\(co, &f->guard, b->sem\)/);
    assert.ok(files.some((n) => n.activity === 'waiting' && n.awaits === 'Semaphore.acquire'
      && n.where === `file_step downloads.c:${sem}`),
      `no file task seen queued on the Semaphore:\n${JSON.stringify(live, null, 1)}`);
    assert.ok(saw('JS fetch()', `file_step downloads.c:${lineOf(/WA_AWAIT_TRY\(co, wa_fetch\(/)}`), 'no file task seen awaiting fetch()');
    const groupEnd = lineOf(/WA_WITH_END\(co\);/, lineOf(/wa_taskgroup_enter\(co, &f->tg\)/));
    assert.ok(live.some((n) => n.name === 'Task-1' && n.awaits === 'TaskGroup' && n.where === `download_step downloads.c:${groupEnd}`),
      'download_all\'s task not seen waiting for its TaskGroup');
    assert.equal(new Set(files.map((n) => n.name)).size, 8);
    assert.deepEqual(await page.$$eval('#files tbody tr', (trs) => trs.map((tr) => tr.cells[6].textContent)),
      Array(8).fill('done'));
    assert.equal(await page.textContent('#task-count'), '0');
    assert.equal(await page.$$eval('#tasks tbody tr', (trs) => trs.length), 0);
  });

  // Workers have no document: load() resolves a relative string against
  // the worker's own URL (examples/web/worker.js), in a dedicated (classic)
  // and in a module worker, the default and the debug runtime.
  test('the package loads and runs C in a dedicated and in a module worker', { timeout: 30_000 }, async () => {
    await page.goto(server.url);
    const inWorker = (type, message) => page.evaluate(([type, message]) => new Promise((resolve) => {
      const worker = new Worker('/worker.js', type ? { type } : {});
      worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
      worker.onerror = (e) => { worker.terminate(); resolve({ error: `worker error: ${e.message}` }); };
      worker.postMessage(message);
    }), [type, message]);
    for (const type of [null, 'module']) {
      assert.deepEqual(await inWorker(type, { wasm: 'js/wasyncio.wasm' }),
        { values: ['slow', 'fast'], debug: false, tasks: null }, `${type ?? 'classic'} worker`);
      assert.deepEqual(await inWorker(type, { wasm: 'js/wasyncio.wasm', debug: true }),
        { values: ['slow', 'fast'], debug: true, tasks: ['sleep_step', 'sleep_step', 'gather_step'] }, `${type ?? 'classic'} worker, debug`);
    }
    assert.deepEqual(errors, [], errorText());
  });

  // The Asyncify builds of examples/sleepers.c and rate_limit.c: a main()
  // blocked in wa_run while the page goes on drawing frames.
  test('a blocking main() runs in the page through Asyncify', { timeout: 30_000 }, async () => {
    await page.goto(new URL('/blocking.html', server.url).href);
    const framesBefore = await page.evaluate(() => window.__frames());
    await page.click('#run-sleepers');
    await page.waitForFunction(() => document.querySelector('#exit').textContent.startsWith('exit')
      || document.querySelector('#exit').textContent.startsWith('error'), null, { timeout: 20_000 });
    assert.equal(await page.textContent('#exit'), 'exit 0', errorText());
    assert.equal(await page.textContent('#out'), 'b\nc\na\nelapsed 0.3 s\n');
    // 0.3 s of sleeping in C while requestAnimationFrame kept drawing
    const drawn = (await page.evaluate(() => window.__frames())) - framesBefore;
    assert.ok(drawn >= 3, `only ${drawn} frames drawn while main() ran`);

    await page.click('#run-rate_limit');
    await page.waitForFunction(() => /^(exit|error)/.test(document.querySelector('#exit').textContent), null,
      { timeout: 20_000 });
    assert.equal(await page.textContent('#exit'), 'exit 0', errorText());
    const lines = (await page.textContent('#out')).trim().split('\n');
    assert.equal(lines.length, 21);
    assert.match(lines.at(-1), /^all 10 jobs done in [\d.]+ s, at most 3 in flight$/);
    mkdirSync(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/blocking.png'), fullPage: true });
    assert.deepEqual(errors, [], errorText());
  });

  // examples/primes.c built with Emscripten -pthread: the page is
  // cross-origin isolated (the server's COOP/COEP), main() and the loop run
  // on a worker and the jobs on the executor's, while the page draws.
  const threads = locateFile('emscripten-pthread', 'build/emscripten-pthread/primes.js');
  test('blocking work runs on threads in a cross-origin isolated page', { skip: threads.skip, timeout: 60_000 }, async () => {
    if (threads.error) assert.fail(threads.error);
    const response = await page.goto(new URL('/threads.html', server.url).href);
    assert.equal(response.headers()['cross-origin-opener-policy'], 'same-origin');
    assert.equal(response.headers()['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(await page.textContent('#isolated'), 'true');
    await page.waitForFunction(() => document.querySelector('#exit').textContent.startsWith('exit'), null,
      { timeout: 50_000 }).catch((e) => assert.fail(`primes never ended: ${e.message}${errorText()}`));
    assert.equal(await page.textContent('#exit'), 'exit 0', errorText());
    const lines = (await page.textContent('#out')).trim().split('\n');
    assert.deepEqual(lines.slice(0, -1), primesOutput);
    const beats = Number(primesHeartbeat.exec(lines.at(-1))?.[1]);
    assert.ok(beats >= 1, lines.at(-1));
    assert.ok(Number(await page.textContent('#frames')) >= 3, 'the page stopped drawing');
    await page.screenshot({ path: join(root, 'test-output/threads.png'), fullPage: true });
    assert.deepEqual(errors, [], errorText());
  });
});
