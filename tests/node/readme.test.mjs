// readme.test.mjs — README claims only what the project does: its code
// blocks are excerpts of files that the build compiles and the tests run,
// the names and paths it gives exist, its commands are the package's
// scripts, its debug_hang output is what the program prints, and the
// quickstart prints what its comments say.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { describe, locate, onPath, root, run } from '../../tools/targets.mjs';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

/* Fenced blocks as { lang, text, line }. */
function blocks(markdown) {
  const out = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(markdown));) {
    out.push({ lang: m[1], text: m[2], line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

function filesUnder(dir, exts) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(path);
  }
  return out;
}

test('README is short enough for a newcomer', () => {
  const lines = readme.split('\n').length;
  assert.ok(lines <= 320, `README.md has ${lines} lines; detail belongs in docs/`);
});

const pages = [['README.md', readme], ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'))
  .map((f) => [`docs/${f}`, readFileSync(join(root, 'docs', f), 'utf8')])];

// Code a reader copies must compile and run: each C or JS block is a
// verbatim excerpt of an example or a test program, which npm test builds
// and runs on every target.
const homes = ['examples/', 'tests/js/', 'tests/node/fixtures/'];
const sources = [...filesUnder('examples', ['.c', '.mjs', '.js']), ...filesUnder('tests/js', ['.c']),
  ...filesUnder('tests/node/fixtures', ['.c', '.mjs'])]
  .map((f) => ({ file: f, text: readFileSync(join(root, f), 'utf8') }));
const fragments = { 'docs/guide.md': { c: 'its C blocks are fragments of several programs, not excerpts of one' } };
for (const [page, text] of pages) {
  for (const b of blocks(text).filter((b) => b.lang === 'c' || b.lang === 'js')) {
    test(`${page}'s ${b.lang} block at line ${b.line} is an excerpt of a built program`,
      { skip: fragments[page]?.[b.lang] ?? false }, () => {
        const home = sources.find((s) => s.text.includes(b.text));
        assert.ok(home, `no file under ${homes.join(', ')} contains the block at ${page}:${b.line}`);
      });
  }
}

// README and the pages under docs/ name only what exists.
const headers = readdirSync(join(root, 'include')).map((f) => readFileSync(join(root, 'include', f), 'utf8')).join('\n');
// ... or is one of CMakeLists.txt's options (WA_BUILD_TESTS).
const cmakeOptions = [...readFileSync(join(root, 'CMakeLists.txt'), 'utf8').matchAll(/^\s*option\((WA_\w+)/gm)]
  .map((m) => `option(${m[1]}`).join('\n');
for (const [page, text] of pages) {
  test(`every wa_/WA_ name ${page} gives is declared in include/ or is a CMake option`, () => {
    const names = new Set();
    // a name followed by * is a family (WA_E*), not a symbol
    for (const m of text.matchAll(/\b((?:wa|WA)_\w+)\b(?!\*)/g)) names.add(m[1]);
    const missing = [...names].filter((n) => !new RegExp(`\\b${n}\\b`).test(headers + cmakeOptions));
    assert.deepStrictEqual(missing, []);
  });

  test(`every repository path ${page} gives exists`, () => {
    const dirs = ['examples', 'docs', 'include', 'js', 'src', 'tests', 'tools', 'bench', 'wasm', 'cmake'];
    const missing = [];
    for (const m of text.matchAll(/`([\w.-]+(?:\/[\w.-]+)+\/?)`/g)) {
      const path = m[1];
      if (!dirs.includes(path.split('/')[0])) continue;
      if (!existsSync(join(root, path))) missing.push(path);
    }
    assert.deepStrictEqual(missing, []);
  });
}

test("README's npm commands are the package's scripts", () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const m of readme.matchAll(/`?npm run ([\w:-]+)/g)) assert.ok(pkg.scripts[m[1]], `no script ${m[1]}`);
  assert.ok(pkg.scripts.test, 'no test script');
  for (const m of readme.matchAll(/npx ([\w-]+)/g)) assert.ok(pkg.bin[m[1]], `no bin ${m[1]}`);
  // the engines field and README agree on Node's version
  const node = /Node (\d+) or later/.exec(readme);
  assert.ok(node, 'README names the Node version');
  assert.equal(pkg.engines.node, `>=${node[1]}`);
});

// The block after "`WASYNCIO_DEBUG=1 build/native/debug_hang 2>&1` prints:"
// is that program's output; only the measured wait may differ.
const where = locate('native', 'debug_hang');
test("README's debug_hang output is what the program prints", { skip: where.skip }, async () => {
  if (where.error) assert.fail(where.error);
  const intro = readme.indexOf('`WASYNCIO_DEBUG=1 build/native/debug_hang 2>&1` prints:');
  assert.ok(intro >= 0, 'README introduces the debug_hang output');
  const shown = blocks(readme.slice(intro))[0].text;
  const r = await run(['sh', '-c', `"$0" 2>&1`, where.argv[0]], { env: { ...process.env, WASYNCIO_DEBUG: '1' } });
  assert.equal(r.code, 0, describe(r));
  const wait = (s) => s.replace(/waiting for \d+\.\d{3} s/g, 'waiting for N s');
  assert.equal(wait(r.stdout), wait(shown));
});

// The quickstart imports the package by its name, which Node resolves to
// this checkout through package.json's exports.
const wasm = join(root, 'js/wasyncio.wasm');
const noEmcc = onPath('emcc') ? undefined : 'emcc is not installed (bash tools/setup.sh installs it)';
test('examples/quickstart.mjs prints what its comments say', { skip: noEmcc }, async () => {
  assert.ok(existsSync(wasm) && statSync(wasm).size > 0, `${relative(root, wasm)} is missing: run npm run build`);
  const r = await run([process.execPath, join(root, 'examples/quickstart.mjs')], { timeout: 30_000 });
  assert.equal(r.code, 0, describe(r));
  assert.equal(r.stdout, "C slept\n[ 'from JS', 'from C' ]\ntrue\n");
});

// README's quick loop for a new scenario: tools/conf-check.sh builds one
// scenario from the sources with ASan+UBSan and diffs it against CPython.
const python313 = run(['python3', '--version'], { env: { ...process.env, PYENV_VERSION: '3.13.0' } });
test('tools/conf-check.sh checks one scenario against CPython 3.13', async (t) => {
  if (!onPath('clang-14')) return t.skip('clang-14 is not installed (bash tools/setup.sh installs it)');
  if (!/^Python 3\.13\./.test((await python313).stdout)) return t.skip('CPython 3.13 is not installed');
  const r = await run(['bash', join(root, 'tools/conf-check.sh'), 'loop_call_soon_fifo']);
  assert.equal(r.code, 0, describe(r) + r.stdout);
  assert.match(r.stdout, /^ok {3}loop_call_soon_fifo \(\d+ lines\)$/m);
});
