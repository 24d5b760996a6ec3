// unit.test.mjs — runs the C unit tests (build/<target>/wa_tests) on every
// target, each target once, and turns the runner's output into one node
// subtest per C test ("native: loop_call_soon_fifo"; one the build cannot run
// is a skipped subtest, with the runner's reason), plus one that checks the
// run as a whole: exit status 0 and the closing "N passed, M failed, K
// skipped" line, so a crash halfway is a failure even if every test seen
// passed.
import assert from 'node:assert/strict';
import test from 'node:test';
import { describe, locate, run } from '../../tools/targets.mjs';

/*
 * The runner prints "ok N - name", "ok N - name # SKIP why" or "not ok N -
 * name" per test and "  # file:line: ..." lines for each failed assertion, as
 * they happen:
 * before the test's own line.  A detail group right after a "not ok" that has
 * none yet belongs to it instead, so either order parses.
 */
function parseRunner(stdout) {
  const results = [];
  let ahead = [], summary = null, last = null, into = null;
  for (const line of stdout.split('\n')) {
    let m = /^\s+# ?(.*)$/.exec(line);
    if (m) {
      into ??= last && !last.ok && last.details.length === 0 ? last.details : ahead;
      into.push(m[1]);
      continue;
    }
    into = last = null;
    if ((m = /^(not )?ok \d+ - (.+?)(?: # SKIP (.*))?$/.exec(line))) {
      last = { name: m[2], ok: !m[1], skip: m[3], details: ahead };
      results.push(last);
      ahead = [];
    } else if ((m = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line))) {
      summary = { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]) };
    }
  }
  return { results, summary, orphans: ahead };
}

// ThreadSanitizer runs only the tests that start threads.
const THREAD_TESTS = ['threads_call_soon_threadsafe_loses_nothing_keeps_order', 'threads_to_thread_values_and_errors',
  'threads_cancelled_await_drops_result_and_run_waits_for_jobs', 'oom_threads_fail_cleanly',
  'threads_rcts_values_and_errors_cross_as_copies', 'threads_rcts_cancel_from_another_thread',
  'threads_rcts_timeout_then_result', 'threads_rcts_on_the_loop_thread', 'threads_rcts_closed_and_freed_loops',
  'threads_rcts_many_threads_at_once', 'oom_rcts_fails_cleanly'];

const runs = {};
for (const target of ['native', 'poll', 'sanitize', 'valgrind', 'wasi', 'emscripten', 'emscripten-pthread', 'tsan']) {
  const where = locate(target, 'wa_tests');
  const argv = where.argv && (target === 'tsan' ? [...where.argv, ...THREAD_TESTS] : where.argv);
  runs[target] = { where, outcome: argv ? run(argv) : null };
}

for (const [target, { where, outcome }] of Object.entries(runs)) {
  test(target, { skip: where.skip }, async (t) => {
    if (where.error) assert.fail(where.error);
    const r = await outcome;
    const { results, summary, orphans } = parseRunner(r.stdout);
    for (const { name, ok, skip, details } of results) {
      await t.test(`${target}: ${name}`, { skip: skip === undefined ? false : skip || 'skipped' }, () => {
        if (!ok) assert.fail(details.join('\n') || 'failed (no detail printed)');
      });
    }
    await t.test(`${target}: the run exits 0 and prints its closing line`, () => {
      const lastSeen = results.at(-1)?.name ?? 'none';
      assert.ok(summary, `no closing "N passed, M failed, K skipped" line (last test seen: ${lastSeen}); ${describe(r)}` +
        (orphans.length ? `\n${orphans.join('\n')}` : ''));
      assert.equal(summary.passed + summary.failed + summary.skipped, results.length,
        'closing line disagrees with the tests seen');
      assert.equal(summary.skipped, results.filter((x) => x.skip !== undefined).length,
        'closing line disagrees with the skips seen');
      assert.equal(r.code, 0, describe(r));
    });
  });
}
