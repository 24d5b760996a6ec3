// The npm package as a user gets it: `npm pack` must ship the runtime, its
// wasm, its types and the C sources, and nothing of the repo's build output
// or tests; installed from the tarball into an empty project, plain node
// runs it through the exports map, and TypeScript typechecks a consumer
// against js/wasyncio.d.ts (and rejects wrong uses line by line).
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { onPath, root } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';
import { exec, installInto, npmEnv, pack } from './packed.mjs';

const fixtures = join(root, 'tests/node/fixtures');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

// Resolves with { code, stdout, stderr } whatever the exit status.
function runNode(args, cwd) {
  return exec(process.execPath, args, { cwd })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((e) => {
      if (typeof e.code !== 'number') throw e;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    });
}

async function filesUnder(dir) {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
}

// The default runtime's budget: what a page downloads before its first C
// task.  It holds the engine (tasks, futures, the ready queue, timers,
// cancellation, frames, scopes), the sleep, gather and wait_for that JS
// calls, errors worded and chained as CPython's are (causes, groups, the
// default handler's report) and emmalloc; it needs bulk memory (Node 20,
// current browsers), whose memory.copy and memory.fill stand in for libc's
// memcpy and memset.  Debug mode, reprs and introspection are in
// js/wasyncio-debug.wasm, which has no budget; what the runtime's own C
// never reaches is left out (try/except, contextvars, scopes whose enter
// awaits, emmalloc's in-place realloc).  The limits are its size with
// about 300 bytes, and 150 gzipped, to spare, so that any growth is seen
// and weighed; the target is 16 KB gzipped.
describeBuilt('the default runtime\'s size', [['node', 'js/wasyncio.wasm']], {}, () => {
  test('js/wasyncio.wasm is at most 37.3 KB, and 18.3 KB gzipped (level 9)', async () => {
    const wasm = await readFile(join(root, 'js/wasyncio.wasm'));
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    assert.ok(wasm.length <= 37.3 * 1024, `raw ${kb(wasm.length)} > 37.3 KB`);
    const gz = gzipSync(wasm, { level: 9 }).length;
    assert.ok(gz <= 18.3 * 1024, `gzipped ${kb(gz)} > 18.3 KB`);
  });
});

// minutes: wasyncio-cc builds the whole library with LTO, twice, on a machine
// that may be busy
describeBuilt('npm package', [['node', 'js/wasyncio.wasm']], { timeout: 900_000 }, () => {
  let tmp, tarball, packed;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'wasyncio-pack-'));
    ({ tarball, files: packed } = await pack(tmp));
  });

  after(() => tmp && rm(tmp, { recursive: true, force: true }));

  test('the tarball holds the runtime, its wasm and types, the headers and the C sources', async () => {
    for (const file of [
      'package.json', 'README.md',
      'js/wasyncio.js', 'js/node.js', 'js/host.js', 'js/compile.js',
      'js/abi.js', 'js/errors.js', 'js/memory.js', 'js/net.js', 'js/scheduler.js', 'js/wasi.js', 'js/wasi-command.js',
      'js/wasyncio.d.ts', 'js/wasyncio.wasm', 'js/wasyncio-debug.wasm', 'js/cc.js',
      'include/wasyncio.h', 'include/wasyncio_js.h', 'wasm/asyncify-only.txt', 'wasm/asyncify.mjs',
    ]) assert.ok(packed.has(file), `${file} is not in the tarball`);
    // all of src/ and include/, so a user can build C for the "js" preset
    const sources = [...await filesUnder('src'), ...await filesUnder('include')];
    assert.ok(sources.some((f) => /^src\/core\/[^/]+\.c$/.test(f)), 'no src/core/*.c in the repo?');
    for (const file of sources) assert.ok(packed.has(file), `${file} is not in the tarball`);
  });

  test('js/wasyncio.d.ts declares every export of js/wasyncio.js, which Node\'s entry exports alike', async () => {
    const api = Object.keys(await import('../../js/wasyncio.js')).sort();
    const dts = await readFile(join(root, 'js/wasyncio.d.ts'), 'utf8');
    const declared = [...dts.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(declared)].sort(), api);
    assert.deepEqual(Object.keys(await import('../../js/node.js')).sort(), api);
  });

  test('the tarball holds no build output, tests, examples, tools or dependencies', () => {
    const stray = [...packed].filter((f) => /^(build|tests|node_modules|examples|tools)\//.test(f));
    assert.deepEqual(stray, []);
  });

  describe('installed into an empty project', () => {
    let project;

    before(async () => {
      project = join(tmp, 'project');
      await installInto(project, tarball);
      for (const name of ['smoke.mjs', 'consumer.ts', 'misuse.ts']) await copyFile(join(fixtures, name), join(project, name));
    });

    test('plain node imports it by name and runs C tasks on the packaged wasm', async () => {
      const { code, stdout, stderr } = await runNode(['smoke.mjs'], project);
      assert.equal(stderr, '');
      assert.equal(stdout, [
        'sleep: slept',
        'gather: ["from js",42]',
        'cancel: true false',                       // requested; the task ends later, in C
        'rejected: true CancelledError enough true',
        'cancel again: false',
        'leaks: 0',
        'wasm: node_modules/wasyncio/js/wasyncio.wasm',
        'loaded again: [ 1, \'two\' ]',
        'internals: ERR_PACKAGE_PATH_NOT_EXPORTED',
        '',
      ].join('\n'));
      assert.equal(code, 0);
    });

    test('its wasyncio-cc compiles C for it, which the package loads', { skip: !onPath('emcc') && 'emcc is not installed (bash tools/setup.sh installs it)' },
      async () => {
        for (const name of ['twice.c', 'twice.mjs']) await copyFile(join(fixtures, name), join(project, name));
        const cc = join(project, 'node_modules/.bin/wasyncio-cc');
        await exec(cc, ['twice.c', '-o', 'twice.wasm'], { cwd: project, maxBuffer: 16 << 20 });
        const { code, stdout, stderr } = await runNode(['twice.mjs'], project);
        assert.equal(stderr, '');
        assert.equal(stdout, '42\nTypeError: twice(n) takes an integer\n');
        assert.equal(code, 0);
      });

    // A blocking main() (Asyncify): the Runner's runs and its close each
    // wait in the js-asyncify host's import, which run() unwinds.
    test('its wasyncio-cc --blocking compiles a main() on the Runner, which run() runs',
      { skip: !onPath('emcc') && 'emcc is not installed (bash tools/setup.sh installs it)' }, async () => {
        await copyFile(join(fixtures, 'runner.c'), join(project, 'runner.c'));
        const cc = await exec('npx', ['--offline', 'wasyncio-cc', '--blocking', 'runner.c', '-o', 'runner.wasm'],
          { cwd: project, env: npmEnv, maxBuffer: 16 << 20 });
        assert.doesNotMatch(cc.stderr, /warning|error/i);        // no Asyncify list warnings either
        const { code, stdout, stderr } = await runNode(['--input-type=module', '-e',
          "import { run } from 'wasyncio'; process.exitCode = await run('runner.wasm');"], project);
        assert.equal(stderr, '');
        assert.equal(stdout, 'run 1 returned 10\nrun 2 returned 20\nlingerer cancelled\nlingerer cleaned up\nclosed\n');
        assert.equal(code, 0);
      });

    describe('TypeScript', { skip: !existsSync(tsc) && 'node_modules/typescript is missing: run npm ci' }, () => {
      const typecheck = (file) => runNode([tsc, '--noEmit', '--strict', '--module', 'nodenext',
        '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', file], project);

      test('a consumer using the API typechecks under --strict', async () => {
        const { code, stdout } = await typecheck('consumer.ts');
        assert.equal(stdout, '');
        assert.equal(code, 0);
      });

      test('wrong uses fail, each on its line with its error code', async () => {
        const source = await readFile(join(fixtures, 'misuse.ts'), 'utf8');
        const expected = {};
        source.split('\n').forEach((line, i) => {
          const m = /\/\/ error (TS\d+)$/.exec(line);
          if (m) expected[i + 1] = [m[1]];
        });
        assert.ok(Object.keys(expected).length >= 10, 'misuse.ts lost its marked lines');

        const { code, stdout } = await typecheck('misuse.ts');
        const found = {};
        for (const m of stdout.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+)/gm)) {
          assert.equal(m[1], 'misuse.ts', `an error outside misuse.ts:\n${stdout}`);
          const codes = (found[m[2]] ??= []);
          if (!codes.includes(m[3])) codes.push(m[3]);
        }
        assert.deepEqual(found, expected, stdout);
        assert.equal(code, 2);                      // tsc: errors, no output
      });
    });
  });
});
