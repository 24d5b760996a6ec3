// emit.mjs — writes a shrunk program as a conformance pair, ready to become
// a regression test: tests/conformance/fuzz_NAME.c runs it through the C
// interpreter (interp.h's fuzz_main), fuzz_NAME.py through interp.py's
// run_program, and tools/conf-expect.sh records CPython's trace in
// tests/conformance/expected/fuzz_NAME.txt.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../tools/targets.mjs';

const dir = join(root, 'tests/conformance');

// "line:await" -> "await", "sanitizer:heap-use-after-free" -> "heap_use_after_free"
const slug = (kind) => kind.replace(/^line:|^sanitizer:/, '').replace(/[^a-z0-9]+/gi, '_').toLowerCase();

const cString = (text) => text.split('\n').slice(0, -1)
  .map((l) => `    "${l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}\\n"`).join('\n');

/* program: the text; seed, target: where it was found; diff: compare()'s
 * result, explained by explanation.  Resolves with the name given. */
export function emitPair({ program, seed, target, diff, explanation }) {
  let name = `fuzz_${slug(diff.kind)}_${seed}`;
  for (let n = 2; existsSync(join(dir, `${name}.c`)); n++) name = `fuzz_${slug(diff.kind)}_${seed}_${n}`;
  // a sanitizer's report without addresses, and only its start: the rest is in any rerun
  const what = explanation.replace(/\*\//g, '* /').replace(/ 0x[0-9a-f]+ in /g, ' ').replace(/ \(BuildId: \w+\)/g, '')
    .split('\n').filter((l) => !/^\s*#[01] |^=+$|^\s*$/.test(l)).slice(0, 14).join('\n');
  const indented = program.trimEnd().split('\n').map((l) => ` *     ${l}`).join('\n');
  writeFileSync(join(dir, `${name}.c`), `/*
 * ${name}: found by npm run fuzz (seed ${seed}, ${target}), shrunk to
 *
${indented}
 *
 * where wasyncio and CPython differed:
${what.split('\n').map((l) => ` * ${l}`.trimEnd()).join('\n')}
 */
#include "../fuzz/interp.h"

static const char program[] =
${cString(program)};

int main(void) { return fuzz_main(program); }
`);
  writeFileSync(join(dir, `${name}.py`), `# ${name}: the program of ${name}.c (a shrunk fuzz find, seed ${seed}) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\\
${program.replace(/\\/g, '\\\\')}"""

run_program(PROGRAM)
`);
  const r = spawnSync('bash', [join(root, 'tools/conf-expect.sh'), name], { encoding: 'utf8' });
  return { name, recorded: r.status === 0, note: (r.stderr || r.stdout).trim() };
}
