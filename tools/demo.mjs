// tools/demo.mjs — runs examples/sleepers.c, built for each target, the way
// a newcomer would: natively, under node:wasi and under Node through
// Emscripten.  Each prints b, c, a (the order the sleeps end) and
// "elapsed 0.3 s" (the sleeps overlap).  Exits non-zero if any run fails.
import { spawnSync } from 'node:child_process';
import { locate, root } from './targets.mjs';

let failed = 0;
for (const target of ['native', 'wasi', 'emscripten']) {
  const where = locate(target, 'sleepers');
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
