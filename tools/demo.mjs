// tools/demo.mjs — runs the demos, built for each target, the way a newcomer
// would: natively, under node:wasi and under Node through Emscripten.
// examples/sleepers.c prints b, c, a (the order the sleeps end) and
// "elapsed 0.3 s" (the sleeps overlap); examples/rate_limit.c runs ten jobs
// through a Semaphore of 3.  Exits non-zero if any run fails.
import { spawnSync } from 'node:child_process';
import { locate, root } from './targets.mjs';

let failed = 0;
for (const [target, program] of ['sleepers', 'rate_limit'].flatMap((p) => ['native', 'wasi', 'emscripten'].map((t) => [t, p]))) {
  const where = locate(target, program);
  if (!where.argv) {
    console.error(`${where.skip ?? where.error}`);
    failed++;
    continue;
  }
  console.log(`\n== ${target}: ${where.argv.map((a) => (a === process.execPath ? 'node' : a.replace(root, ''))).join(' ')}`);
  const r = spawnSync(where.argv[0], where.argv.slice(1), { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${target}: ${r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`)}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
