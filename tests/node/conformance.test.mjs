// conformance.test.mjs — each tests/conformance/NAME.c must print exactly
// what its Python twin NAME.py prints under CPython 3.13, asyncio's
// executable specification, on every target (`conformance NAME` runs it),
// and under ASan+UBSan and valgrind, which must report nothing.  The Python output is computed
// once per scenario and compared as text, so a mismatch shows as a diff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { describe, locate, root, run } from '../../tools/targets.mjs';

const dir = join(root, 'tests/conformance');
const scenarios = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.py') && existsSync(join(dir, f.replace(/\.py$/, '.c'))))
    .map((f) => f.replace(/\.py$/, '')).sort()
  : [];

// CPython 3.13 from pyenv when there is one; where traces differ between
// versions 3.13 wins.  Otherwise whatever python3 is, said out loud.
function pickPython() {
  const env = { ...process.env, PYENV_VERSION: '3.13.0' };
  const probe = spawnSync('python3', ['--version'], { env, encoding: 'utf8' });
  if (probe.status === 0 && /^Python 3\.13\./.test(probe.stdout)) {
    return { env, note: `expected traces from ${probe.stdout.trim()} (PYENV_VERSION=3.13.0)` };
  }
  const plain = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return {
    env: process.env,
    note: `CPython 3.13 not found (PYENV_VERSION=3.13.0 python3 --version failed); ` +
      `falling back to ${plain.stdout?.trim() || 'python3'}: traces that differ from 3.13 may fail`,
  };
}
const python = pickPython();

test('python oracle', (t) => {
  t.diagnostic(python.note);
});

for (const name of scenarios) {
  test(name, async (t) => {
    const expected = await run(['python3', join(dir, `${name}.py`)], { env: python.env, cwd: dir });
    assert.equal(expected.code, 0, `${name}.py failed: ${describe(expected)}`);
    // sanitize (ASan+UBSan) and valgrind (leaks) check the C side's memory too
    for (const target of ['native', 'sanitize', 'valgrind', 'wasi', 'emscripten']) {
      const where = locate(target, 'conformance');
      await t.test(`${target}: ${name}`, { skip: where.skip }, async () => {
        if (where.error) assert.fail(where.error);
        const r = await run([...where.argv, name], { cwd: dir });
        assert.strictEqual(r.stdout, expected.stdout, `${name}.c on ${target} differs from ${name}.py`);
        assert.equal(r.code, expected.code, describe(r));
      });
    }
  });
}
