// traps.test.mjs — the uses after release the ownership rule cannot make
// safe (tests/traps/traps.c makes each on purpose) are stopped in the
// sanitize build by AddressSanitizer, whose report names the object's kind
// (the function that made it) and where the program made it; in debug mode
// (any build) a released future or task is reported the same way and the
// call fails.
import assert from 'node:assert/strict';
import test from 'node:test';
import { locate, run } from '../../tools/targets.mjs';

const traps = [
  // mode, the library function that made the object, the program's line that led there
  ['gather-after-frame', 'wa_gather', /in make_gather \S*tests\/traps\/traps\.c:\d+/],
  ['reraise-without-ref', 'wa_error_new', /in wa__task_step /],
  ['task-after-unref', 'wa__task_new_(?:at|in)', /in main_step \S*tests\/traps\/traps\.c:\d+/],
];

const where = locate('sanitize', 'traps');

for (const [mode, maker, site] of traps) {
  test(`sanitize: ${mode} is reported as a use after free, with where it was made`,
    { skip: where.skip }, async () => {
      assert.ok(where.argv, where.error);
      const r = await run([...where.argv, mode]);
      assert.notStrictEqual(r.code, 0, 'the program went on after the use');
      assert.match(r.stderr, /ERROR: AddressSanitizer: heap-use-after-free/);
      const made = r.stderr.split('previously allocated by')[1] ?? '';
      assert.match(made, new RegExp(`in ${maker} `), `the report does not name ${maker}:\n${r.stderr}`);
      assert.match(made, site);
    });
}

const native = locate('native', 'traps');
const debugTraps = [
  ['gather-after-frame', /^wa_future_cancelled: a released gather future was used \(made in make_gather at \S*tests\/traps\/traps\.c:\d+\)$/m, 'cancelled: 0'],
  ['task-after-unref', /^wa_task_name: a released Task was used \(made in main_step at \S*tests\/traps\/traps\.c:\d+\)$/m, 'name: '],
];

for (const [mode, report, printed] of debugTraps) {
  test(`debug mode: ${mode} is reported with the kind and where it was made, and the call fails`,
    { skip: native.skip }, async () => {
      assert.ok(native.argv, native.error);
      const r = await run([...native.argv, mode, 'debug']);
      assert.match(r.stderr, report);
      assert.strictEqual(r.stdout, `${printed}\n`);
      assert.strictEqual(r.code, 0);
    });
}
