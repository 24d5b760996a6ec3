// conformance.test.mjs — each tests/conformance/NAME.c must print exactly
// what its Python twin NAME.py prints under CPython 3.13, asyncio's
// executable specification, on every target (`conformance NAME` runs it),
// and under ASan+UBSan and valgrind, which must report nothing.
//
// A scenario over sockets or threads carries a line "native-only: why" in
// its .c file's comment (trace.h's NOTE() says why they exist): the WASI
// and Emscripten builds have neither, so it runs natively (with epoll, and
// with poll(2) in the poll build), under ASan+UBSan and under valgrind
// only.  It is still built for every target.
//
// CPython's output is recorded in tests/conformance/expected/NAME.txt
// (stdout, then "[exit N]") by tools/conf-expect.sh, so the check also runs
// where CPython 3.13 is missing (Debian 12 ships 3.11).  Where 3.13 is
// present, it must still print exactly the recorded text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { describe, locate, root, run } from '../../tools/targets.mjs';

const dir = join(root, 'tests/conformance');
const scenarios = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.py') && existsSync(join(dir, f.replace(/\.py$/, '.c'))))
    .map((f) => f.replace(/\.py$/, '')).sort()
  : [];

const allTargets = ['native', 'poll', 'sanitize', 'valgrind', 'wasi', 'emscripten'];
const nativeTargets = ['native', 'poll', 'sanitize', 'valgrind'];
const nativeOnly = (name) => /^(?:\/\*| \*) native-only: \S/m.test(readFileSync(join(dir, `${name}.c`), 'utf8'));

// CPython 3.13 from pyenv, when the machine has it.
function findPython313() {
  const env = { ...process.env, PYENV_VERSION: '3.13.0' };
  const probe = spawnSync('python3', ['--version'], { env, encoding: 'utf8' });
  return probe.status === 0 && /^Python 3\.13\./.test(probe.stdout) ? { env, version: probe.stdout.trim() } : null;
}
const python = findPython313();

// What a run printed, in the recorded form.
const transcript = (r) => `${r.stdout}[exit ${r.code}]\n`;

test('python oracle', (t) => {
  t.diagnostic(python
    ? `${python.version} (PYENV_VERSION=3.13.0) checks every recorded trace`
    : 'CPython 3.13 not found (PYENV_VERSION=3.13.0 python3): comparing with the recorded traces only');
});

for (const name of scenarios) {
  test(name, async (t) => {
    const file = join(dir, 'expected', `${name}.txt`);
    assert.ok(existsSync(file), `no recorded trace for ${name}: run tools/conf-expect.sh ${name}`);
    const expected = readFileSync(file, 'utf8');
    if (python) {
      await t.test(`cpython: ${name}`, async () => {
        const r = await run(['python3', join(dir, `${name}.py`)], { env: python.env, cwd: dir });
        assert.strictEqual(transcript(r), expected,
          `${name}.py no longer prints the recorded trace: fix it or run tools/conf-expect.sh ${name}`);
      });
    }
    // sanitize (ASan+UBSan) and valgrind (leaks) check the C side's memory too
    for (const target of nativeOnly(name) ? nativeTargets : allTargets) {
      const where = locate(target, 'conformance');
      await t.test(`${target}: ${name}`, { skip: where.skip }, async () => {
        if (where.error) assert.fail(where.error);
        const r = await run([...where.argv, name], { cwd: dir });
        assert.strictEqual(transcript(r), expected, `${name}.c on ${target} differs from CPython (${describe(r)})`);
      });
    }
  });
}
