// wasi-runner.test.mjs — WASYNCIO_WASI_RUNNER (tools/wasi-runner.mjs), the
// WASI runtime the WASI programs of every test run under: the template is
// split into argv without a shell, and a program run through it gets its
// arguments, its WASYNCIO_* environment, stdin, stdout, stderr and exit
// status through the runtime.  The runtime here is
// fixtures/fake-wasi-runtime.mjs, which records its argv and runs node:wasi,
// so this runs where no other WASI runtime is installed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { locate, root } from '../../tools/targets.mjs';
import { expandTemplate, splitTemplate } from '../../tools/wasi-runner.mjs';

test('the runtime the WASI programs of this run use', (t) => {
  t.diagnostic(process.env.WASYNCIO_WASI_RUNNER
    ? `WASYNCIO_WASI_RUNNER=${process.env.WASYNCIO_WASI_RUNNER}` : 'node:wasi (WASYNCIO_WASI_RUNNER is not set)');
});

test('the template splits into words at blanks, minding quotes and backslashes', () => {
  assert.deepEqual(splitTemplate('  iwasm\t--stack-size=65536  {wasm} '), ['iwasm', '--stack-size=65536', '{wasm}']);
  assert.deepEqual(splitTemplate(`'/opt/my runtimes/iwasm' "--dir=a \\"b\\" \\\\c" x\\ y '\\n' ""`),
    ['/opt/my runtimes/iwasm', '--dir=a "b" \\c', 'x y', '\\n', '']);
  assert.deepEqual(splitTemplate('run;rm -rf / $(id) `id` a|b'), ['run;rm', '-rf', '/', '$(id)', '`id`', 'a|b']);
});

test('placeholders take the path, arguments and environment as they are', () => {
  const env = { WASYNCIO_DEBUG: '1 $(id)', WASYNCIO_B: '', PATH: '/bin', HOME: '/root' };
  const file = '/tmp/a b;c {env}.wasm';
  assert.deepEqual(expandTemplate('iwasm --env={env} {wasm} {args}', file, ['x y', '{wasm}', ''], env),
    ['iwasm', '--env=WASYNCIO_B=', '--env=WASYNCIO_DEBUG=1 $(id)', file, 'x y', '{wasm}', '']);
  assert.deepEqual(expandTemplate('wasmtime run --dir=. -- {wasm}', file, ['1', '2'], {}),
    ['wasmtime', 'run', '--dir=.', '--', file, '1', '2'], 'without {args} they go last; no variable, no --env');
  assert.deepEqual(expandTemplate('r {args} --module={wasm} {}', file, [], { WASYNCIO_WASI_RUNNER: 'r' }),
    ['r', `--module=${file}`, '{}']);
});

test('a template that cannot mean one command is refused, saying why', () => {
  const refused = (template, message) => assert.throws(() => expandTemplate(template, 'f.wasm', [], {}), { message });
  refused('', /is empty/);
  refused("iwasm '{wasm}", /unterminated ' at column 7/);
  refused('iwasm "{wasm}\\"', /unterminated " at column 7/);
  refused('iwasm {wasm} \\', /lone backslash/);
  refused('iwasm {file}', /unknown placeholder \{file\}/);
  refused('iwasm {wasm} --args={args}', /\{args\} must be a word of its own/);
});

// Runs argv with input on stdin and env; resolves with its outcome.
function runWith(argv, env, input) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: root, env, timeout: 60_000 });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

const programs = ['conformance', 'upper', 'debug_hang'].map((p) => [p, locate('wasi', p)]);
const unbuilt = programs.find(([, where]) => !where.argv)?.[1];

describe('WASI programs through a runtime named by the template', { skip: unbuilt?.skip }, () => {
  if (unbuilt) {
    test('the WASI build is there', () => assert.fail(unbuilt.error));
    return;
  }
  const where = Object.fromEntries(programs);
  const dir = mkdtempSync(join(tmpdir(), 'wa-runner-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'argv.jsonl');
  const fake = join(root, 'tests/node/fixtures/fake-wasi-runtime.mjs');
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WASYNCIO_')));
  Object.assign(env, {
    WASYNCIO_WASI_RUNNER: `'${process.execPath}' ${fake} --env={env} {wasm} {args}`,
    FAKE_WASI_RUNTIME_LOG: log,
  });
  const lastArgv = () => JSON.parse(readFileSync(log, 'utf8').trimEnd().split('\n').at(-1));
  const wasm = (program) => where[program].argv.at(-1);

  test('arguments arrive one word each, and the exit status comes back', async () => {
    const scenario = 'agen_exhausted';
    const ok = await runWith([...where.conformance.argv, scenario], env, '');
    assert.equal(`${ok.stdout}[exit ${ok.code}]\n`,
      readFileSync(join(root, 'tests/conformance/expected', `${scenario}.txt`), 'utf8'), ok.stderr);
    assert.deepEqual(lastArgv(), [wasm('conformance'), scenario]);
    const odd = 'no such; echo $HOME';
    const refused = await runWith([...where.conformance.argv, odd], env, '');
    assert.equal(refused.code, 2, refused.stderr);
    assert.equal(refused.stderr, `conformance: no scenario named ${odd}\n`);
    assert.deepEqual(lastArgv(), [wasm('conformance'), odd]);
  });

  test('stdin reaches the module and stdout comes back', async () => {
    const r = await runWith(where.upper.argv, env, 'one\ntwo\nthree');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'ONE\nTWO\nTHREE3 lines\n');
    assert.deepEqual(lastArgv(), [wasm('upper')]);
  });

  test('WASYNCIO_DEBUG reaches the module through {env}', async () => {
    const r = await runWith(where.debug_hang.argv, { ...env, WASYNCIO_DEBUG: '1' }, '');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\nsource_traceback: Object created at/, 'debug mode is on');
    assert.deepEqual(lastArgv(), ['--env=WASYNCIO_DEBUG=1', wasm('debug_hang')]);
  });

  test('a runtime that cannot be started is a failure that says so', async () => {
    const r = await runWith(where.upper.argv, { ...env, WASYNCIO_WASI_RUNNER: 'no-such-wasi-runtime {wasm}' }, '');
    assert.equal(r.code, 127);
    assert.match(r.stderr, /^wasi-run: cannot run no-such-wasi-runtime \(WASYNCIO_WASI_RUNNER\): spawn no-such-wasi-runtime ENOENT\n/);
    const bad = await runWith(where.upper.argv, { ...env, WASYNCIO_WASI_RUNNER: "iwasm '{wasm}" }, '');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "wasi-run: WASYNCIO_WASI_RUNNER has an unterminated ' at column 7\n");
  });
});
