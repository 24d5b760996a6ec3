// bundle.test.mjs — the npm package in a web app bundled by esbuild, by
// docs/npm.md's recipe: examples/esbuild, in a fresh project that installed
// the packed package, built with the recipe's command and nothing else,
// then opened in headless Chromium.  The page must show C's result, and
// the bundled package must run C in the app's module worker too.  esbuild
// must build it without a warning, and no bundle may name a node: module
// (package.json's "browser"/"default" entry imports none).
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { root } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';
import { exec, installInto, pack } from './packed.mjs';

const CHROMIUM = '/usr/bin/chromium';
const esbuild = join(root, 'node_modules/.bin/esbuild');
const example = join(root, 'examples/esbuild');
const skip = (!existsSync(CHROMIUM) && `chromium is not installed: ${CHROMIUM} is missing (bash tools/setup.sh installs it)`)
  || (!existsSync(esbuild) && 'node_modules/esbuild is missing: run npm ci');

// The recipe's command, as docs/npm.md gives it: `npx esbuild ARGS`.
function recipe() {
  const docs = readFileSync(join(root, 'docs/npm.md'), 'utf8');
  const m = /^npx esbuild (.+?)\s*(?:#.*)?$/m.exec(docs);
  assert.ok(m, 'docs/npm.md gives no `npx esbuild ...` line');
  return m[1].split(/\s+/);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.txt': 'text/plain' };

// A static server for dir, as a user's would be.
function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    const type = TYPES[extname(path)];
    if (!path.startsWith(dir + sep) || !type || !existsSync(path)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': type });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => { server.close(done); server.closeAllConnections(); }),
  })));
}

describeBuilt('the package bundled by esbuild', [['node', 'js/wasyncio.wasm']], { skip, timeout: 300_000 }, () => {
  let tmp, project;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'wasyncio-bundle-'));
    const { tarball } = await pack(tmp);
    project = join(tmp, 'project');
    await installInto(project, tarball);
    for (const name of await readdir(example)) await copyFile(join(example, name), join(project, name));
  });

  after(() => tmp && rm(tmp, { recursive: true, force: true }));

  test('the recipe alone builds examples/esbuild, warning-free, and no bundle names a node: module', async () => {
    const { stderr } = await exec(esbuild, recipe(), { cwd: project });
    assert.doesNotMatch(stderr, /warning|error/i);
    const dist = (await readdir(join(project, 'dist'))).sort();
    assert.equal(dist.length, 3, dist.join(' '));
    assert.deepEqual(dist.filter((f) => f.endsWith('.js')), ['app.js', 'worker.js']);
    assert.match(dist.find((f) => f.endsWith('.wasm')), /^wasyncio-\w+\.wasm$/);
    for (const file of ['app.js', 'worker.js']) {
      const js = await readFile(join(project, 'dist', file), 'utf8');
      assert.ok(js.includes('wa_js_start'), `dist/${file} does not hold the package`);
      assert.ok(!js.includes('node:'), `dist/${file} names a node: module`);
    }
  });

  test('the page shows C\'s result, and the bundled package runs C in a module worker', { timeout: 60_000 }, async (t) => {
    if (!existsSync(join(project, 'dist/app.js'))) return t.skip('nothing was bundled: see the test before');
    const server = await serve(project);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      await page.goto(new URL('index.html', server.url).href);
      await page.waitForFunction(() => document.querySelector('#out').textContent.includes('worker:'), null,
        { timeout: 30_000 }).catch(() => {});
      assert.deepEqual(errors, []);
      assert.equal(await page.textContent('#out'), '["hello from a file\\n","from C"]\nworker: ["slow","fast"]\n');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
