// jspi.test.mjs — runWasi() (js/wasi-command.js): WASI command modules,
// the very files node:wasi runs (build/wasi/*.wasm), in headless Chromium
// through JSPI, on examples/web/wasi.html.  The page fetches each module,
// hashes the bytes it got and runs them: the hash must be the file's on
// disk.  sleepers wakes b, c, a in about 0.3 s, rate_limit never has more
// than three jobs in flight, upper reads stdin (typed in the page, and
// chunks that arrive while it waits), debug_hang sees its environment,
// conformance its arguments, plain libc (fixtures/read_stdin.c, built
// here) blocks in fd_read, an AbortSignal or the page's Stop ends a run
// mid-wait, and the page keeps drawing frames while C waits.  In Node 20,
// which has no JSPI, runWasi() refuses, naming the Asyncify fallback.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { startServer } from '../../examples/web/serve.mjs';
import { runWasi } from '../../js/node.js';
import { locate, root } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';
import { launchChromium, noChromium } from './chromium.mjs';

const MISSING = 'wasyncio: runWasi() needs JavaScript Promise Integration (WebAssembly.Suspending and ' +
  'WebAssembly.promising), which this JavaScript engine lacks; for a blocking main() here, build it with Asyncify ' +
  '(wasyncio-cc --blocking main.c -o main.wasm) and run it with run()';

test('without JSPI, runWasi() refuses before fetching, naming the Asyncify build and run()', async () => {
  // Node 20 has no JSPI; a later Node may: hide it there to see the refusal
  const hidden = typeof WebAssembly.Suspending === 'function' ? WebAssembly.Suspending : null;
  if (hidden) delete WebAssembly.Suspending;
  try {
    await assert.rejects(runWasi('no/such/file.wasm'), { name: 'Error', message: MISSING });
    await assert.rejects(runWasi(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), { message: MISSING });
  } finally {
    if (hidden) WebAssembly.Suspending = hidden;
  }
});

const LIMIT = 3;            // rate_limit.c's Semaphore
const programs = ['sleepers', 'rate_limit', 'upper', 'debug_hang', 'conformance', 'wasyncio-reactor'];
const wasmOf = (name) => join(root, `build/wasi/${name}.wasm`);

describeBuilt('WASI command modules in Chromium through JSPI', programs.map((p) => ['wasi', `build/wasi/${p}.wasm`]),
  { skip: noChromium }, () => {
    let server, browser, page;
    const errors = [];
    const errorText = () => (errors.length ? `\npage errors:\n  ${errors.join('\n  ')}` : '');

    before(async () => {
      server = await startServer({ port: 0 });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
      page.on('console', (m) => {
        // the refusal test fetches a missing module on purpose
        if (m.type() !== 'error' || m.location().url.endsWith('/wasi/nothing.wasm')) return;
        errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      await page.goto(new URL('/wasi.html', server.url).href);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    // Clicks Run NAME, then does meanwhile(), and returns what the page saw:
    // { sha256, status, ms, frames (drawn during the run), lines (the
    // panel, after the prompt) }.
    async function runInPage(name, meanwhile = async () => {}) {
      await page.click(`#run-${name}`);
      await meanwhile();
      await page.waitForFunction(() => /^(exit|error)/.test(document.querySelector('#exit').textContent), null,
        { timeout: 20_000 }).catch((e) => assert.fail(`${name} never ended: ${e.message}${errorText()}`));
      assert.match(await page.textContent('#exit'), /^exit /, errorText());
      const last = await page.evaluate(() => window.__last);
      assert.equal(last.name, name);
      const [prompt, ...lines] = last.out.trimEnd().split('\n');
      assert.match(prompt, new RegExp(`^\\$ ${name}\\b`));
      return { ...last, lines };
    }

    const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

    test('sleepers: the very file node:wasi runs; b, c, a after 0.3 s, frames drawn meanwhile', async () => {
      const r = await runInPage('sleepers');
      const { argv } = locate('wasi', 'sleepers');
      assert.equal(argv.at(-1), wasmOf('sleepers'), 'node:wasi runs build/wasi/sleepers.wasm');
      assert.equal(r.sha256, sha256(wasmOf('sleepers')), 'the page ran other bytes than the file on disk');
      assert.equal(r.status, 0);
      // a busy machine may print 0.4 s: real time, so only a loose upper bound
      const sleptOk = (lines) => {
        const elapsed = Number(/^elapsed (\d+\.\d) s$/.exec(lines[3])?.[1]);
        return lines.length === 4 && lines.slice(0, 3).join() === 'b,c,a' && elapsed >= 0.3 && elapsed < 5;
      };
      assert.ok(sleptOk(r.lines), r.lines.join('\n'));
      assert.ok(r.ms >= 290 && r.ms < 5000, `ran for ${r.ms} ms`);
      assert.ok(r.frames > 3, `only ${r.frames} frames drawn while main() slept`);
      // and node:wasi prints the same from the same file
      const native = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
      assert.equal(native.status, 0, native.stderr);
      assert.ok(sleptOk(native.stdout.trimEnd().split('\n')), native.stdout);
      mkdirSync(join(root, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-output/wasi-jspi.png'), fullPage: true });
    });

    test('rate_limit: the same file, never more than three jobs in flight', async () => {
      const r = await runInPage('rate_limit');
      assert.equal(r.sha256, sha256(wasmOf('rate_limit')));
      assert.equal(r.status, 0);
      assert.equal(r.lines.length, 21, r.lines.join('\n'));
      const started = new Set(), finished = new Set();
      let inFlight = 0, most = 0;
      for (const line of r.lines.slice(0, -1)) {
        const m = /^ *[\d.]+ s {2}(start|finish) +job (\d)  \((\d) in flight\)$/.exec(line);
        assert.ok(m, `unexpected line: ${line}`);
        const [, what, job, shown] = m;
        if (what === 'start') {
          assert.ok(!started.has(job), `job ${job} started twice`);
          started.add(job);
          most = Math.max(most, ++inFlight);
        } else {
          assert.ok(started.has(job) && !finished.has(job), `job ${job} finished before it started, or twice`);
          finished.add(job);
          inFlight--;
        }
        assert.equal(Number(shown), inFlight, line);
        assert.ok(inFlight <= LIMIT, `${inFlight} in flight: ${line}`);
      }
      assert.equal(finished.size, 10);
      assert.equal(most, LIMIT, 'the jobs overlapped up to the limit');
      assert.match(r.lines.at(-1), /^all 10 jobs done in [\d.]+ s, at most 3 in flight$/);
      assert.ok(r.frames > 3, `only ${r.frames} frames drawn while main() slept`);
    });

    // Types line into the page's stdin box, then waits for C's answer.
    async function type(line, answer) {
      await page.fill('#line', line);
      await page.press('#line', 'Enter');
      await page.waitForFunction((answer) => document.querySelector('#out').textContent.includes(answer), answer,
        { timeout: 10_000 }).catch((e) => assert.fail(`no ${answer} in the panel: ${e.message}${errorText()}`));
    }

    test('upper: stdin reaches the module, typed in the page or in chunks that arrive while it waits', async () => {
      const r = await runInPage('upper', async () => {
        await type('one', 'ONE\n');
        await type('two', 'TWO\n');
        await page.click('#eof');
      });
      assert.equal(r.sha256, sha256(wasmOf('upper')));
      assert.equal(r.status, 0);
      assert.deepEqual(r.lines, ['ONE', 'TWO', '2 lines']);
      assert.ok(r.frames > 3, `only ${r.frames} frames drawn while upper waited for input`);
      // chunks 60 ms apart: upper's poll_oneoff waits on stdin meanwhile
      const chunked = await page.evaluate(async () => {
        const { runWasi } = await import('/js/wasyncio.js');
        const out = [];
        async function* typing() {
          for (const chunk of ['ab', 'c\nd', 'e\n', new TextEncoder().encode('f')]) {
            await new Promise((resolve) => setTimeout(resolve, 60));
            yield chunk;
          }
        }
        const start = performance.now();
        const status = await runWasi('/wasi/upper.wasm',
          { stdin: typing(), stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
        return { status, out, ms: performance.now() - start };
      });
      assert.deepEqual(chunked.out, ['ABC', 'DE', 'F3 lines']);
      assert.equal(chunked.status, 0);
      assert.ok(chunked.ms >= 230, `the chunks took ${chunked.ms} ms`);
    });

    test('the page\'s Stop button ends a run that waits for input', async () => {
      await page.click('#run-upper');
      await type('stop me', 'STOP ME\n');
      await page.click('#stop');
      await page.waitForFunction(() => document.querySelector('#exit').textContent.startsWith('error'), null,
        { timeout: 10_000 });
      assert.equal(await page.textContent('#exit'), 'error: stopped');
      assert.doesNotMatch(await page.textContent('#out'), /lines/);
      assert.ok(await page.isDisabled('#stop'));
      assert.ok(await page.isDisabled('#line'));
      assert.ok(!(await page.isDisabled('#run-upper')));
    });

    // Runs build/wasi/NAME.wasm's bytes, handed to the page, with options
    // (JSON: args, env); resolves with { status, stdout, stderr } (lines).
    const runBytes = (name, options) => page.evaluate(async ([b64, options]) => {
      const { runWasi } = await import('/js/wasyncio.js');
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const stdout = [], stderr = [];
      const status = await runWasi(bytes, { ...options, stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
      return { status, stdout, stderr };
    }, [readFileSync(wasmOf(name)).toString('base64'), options]);

    test('the environment reaches main(): debug_hang in debug mode', { timeout: 30_000 }, async () => {
      const r = await runBytes('debug_hang', { env: { WASYNCIO_DEBUG: '1' } });
      assert.equal(r.status, 0, r.stderr.join('\n'));
      assert.ok(r.stderr.includes('source_traceback: Object created at (most recent call last):'), r.stderr.join('\n'));
      assert.deepEqual(r.stdout, ['main: nothing happened for 1 s; what every task is doing:', 'main: done']);
    });

    test('arguments reach main() and the exit status comes back: a conformance scenario', async () => {
      const scenario = 'agen_exhausted';
      const ok = await runBytes('conformance', { args: [scenario] });
      assert.equal(`${ok.stdout.map((l) => `${l}\n`).join('')}[exit ${ok.status}]\n`,
        readFileSync(join(root, 'tests/conformance/expected', `${scenario}.txt`), 'utf8'), ok.stderr.join('\n'));
      const refused = await runBytes('conformance', { args: ['no such'], argv0: 'conformance' });
      assert.equal(refused.status, 2);
      assert.deepEqual(refused.stderr, ['conformance: no scenario named no such']);
    });

    test('plain libc blocks in a read of stdin until the next chunk comes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wa-jspi-'));
      try {
        const wasm = join(dir, 'read_stdin.wasm');
        const cc = spawnSync('clang-14', ['--target=wasm32-wasi', '-O2', '-Wl,--strip-debug',
          join(root, 'tests/node/fixtures/read_stdin.c'), '-o', wasm], { encoding: 'utf8' });
        assert.equal(cc.status, 0, cc.stderr || cc.error?.message);
        const r = await page.evaluate(async ([b64]) => {
          const { runWasi } = await import('/js/wasyncio.js');
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const lines = [];
          async function* typing() {
            for (const chunk of ['one\nt', 'wo\n', 'three']) {
              yield chunk;
              await new Promise((resolve) => setTimeout(resolve, 60));
            }
          }
          const start = performance.now();
          const status = await runWasi(bytes, { argv0: 'reader', args: ['a', 'b'], env: { WHO: 'page' }, stdin: typing(),
            stdout: (l) => lines.push(l) });
          const ms = performance.now() - start;
          const whole = [];
          const again = await runWasi(bytes, { stdin: new Blob(['x\ny\n']).stream(), stdout: (l) => whole.push(l) });
          return { status, lines, ms, again, whole };
        }, [readFileSync(wasm).toString('base64')]);
        assert.deepEqual(r.lines, ['reader: 2 args, WHO=page', '1: one', '2: two', '3: three', '3 lines']);
        assert.equal(r.status, 7);
        assert.ok(r.ms >= 170, `stdin's chunks took ${r.ms} ms`);
        assert.deepEqual(r.whole, ['wasm: 0 args, WHO=(unset)', '1: x', '2: y', '', '2 lines']);
        assert.equal(r.again, 7);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // An abort rejects the run with the signal's reason, whether C waits
    // on a clock or on stdin, as a killed process ends mid-wait.
    test('an AbortSignal ends a run mid-wait', async () => {
      const r = await page.evaluate(async () => {
        const { runWasi } = await import('/js/wasyncio.js');
        // runs name; aborts once C printed the line after, or ms later
        const outcome = async (name, after, ms, options) => {
          const lines = [];
          const control = new AbortController();
          const end = await runWasi(`/wasi/${name}.wasm`, {
            signal: control.signal,
            ...options,
            stdout: (l) => {
              lines.push(l);
              const abort = () => control.abort(new Error('enough'));
              if (l === after) (ms ? setTimeout(abort, ms) : abort());
            },
          }).then((status) => `exit ${status}`, (e) => `rejected: ${e?.message ?? e}`);
          return { end, lines };
        };
        async function* stalled() {
          yield 'first\n';
          await new Promise(() => {});
        }
        return [
          // b at 0.1 s; the abort comes before C's next wait, which then fails
          await outcome('sleepers', 'b', 0),
          // the abort comes while C waits on stdin, which never comes
          await outcome('upper', 'FIRST', 50, { stdin: stalled() }),
          await outcome('sleepers', null, 0, { signal: AbortSignal.abort('not now') }),
        ];
      });
      assert.deepEqual(r, [
        { end: 'rejected: enough', lines: ['b'] },
        { end: 'rejected: enough', lines: ['FIRST'] },
        { end: 'rejected: not now', lines: [] },
      ]);
    });

    test('a module that is not a WASI command is refused, saying why', async () => {
      const refusals = await page.evaluate(async (reactor) => {
        const { runWasi } = await import('/js/wasyncio.js');
        const refusal = (source) => runWasi(source).then(() => 'ran', (e) => `${e.name}: ${e.message}`);
        return [
          await refusal(Uint8Array.from(atob(reactor), (c) => c.charCodeAt(0))),
          await refusal(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])),
          await refusal('/wasi/nothing.wasm'),
        ];
      }, readFileSync(wasmOf('wasyncio-reactor')).toString('base64'));
      assert.match(refusals[0],
        /^TypeError: wasyncio: runWasi: the module needs imports this WASI host does not provide: wasyncio\.settled, wasyncio\./);
      assert.equal(refusals[1],
        'TypeError: wasyncio: runWasi: not a WASI command module (it has no _start): load a reactor with load()');
      const missing = new URL('/wasi/nothing.wasm', server.url);
      assert.equal(refusals[2], `Error: wasyncio: fetching ${missing} failed: 404 Not Found`);
      assert.deepEqual(errors, [], errorText());
    });
  });
