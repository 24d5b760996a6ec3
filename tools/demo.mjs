// tools/demo.mjs — runs the demos, built for each target, the way a newcomer
// would: natively, under node:wasi, under Node through Emscripten and
// through the npm package's loader (the list, with what runs where, is
// tools/demos.mjs).  examples/sleepers.c
// prints b, c, a (the order the sleeps end) and "elapsed 0.3 s" (the sleeps
// overlap); examples/rate_limit.c runs ten jobs through a Semaphore of 3;
// examples/primes.c counts primes on worker threads while the loop ticks;
// examples/echo_server.c serves two examples/echo_client.c at once; and
// examples/fetch_pages.c downloads ten pages from tools/pages-server.mjs,
// three at a time.  Exits non-zero if any run fails.
import { demos } from './demos.mjs';
import { describe } from './targets.mjs';

let failed = 0;
for (const demo of demos) {
  for (const target of demo.targets) {
    console.log(`\n== ${target}: ${demo.name}`);
    const { runs } = await demo.run(target);
    for (const { label, r } of runs) {
      if (runs.length > 1) console.log(`-- ${label}`);
      process.stdout.write(r.stdout);
      if (r.missing) {
        console.error(r.stderr);
        failed++;
      } else if (r.code !== 0) {
        console.error(`${target}: ${label}: ${describe(r)}`);
        failed++;
      } else {
        process.stderr.write(r.stderr);
      }
    }
  }
}
process.exit(failed ? 1 : 0);
