// bench/js_lag.mjs — how long the JS event loop waits while C computes:
// a million-step C task (tests/js/jstest.c's spin, one loop iteration per
// step) runs on the runtime while Node's event-loop delay monitor watches.
// The loop hands the host back every 4 ms slice (TICK_SLICE in loop.c), so
// the worst lag stays near that.  Prints one line; --json prints an object.
//
//   node tools/build.mjs js && node bench/js_lag.mjs
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { load } from '../js/node.js';

const steps = 1_000_000;
const rt = await load(fileURLToPath(new URL('../build/js/jstest.wasm', import.meta.url)));
const monitor = monitorEventLoopDelay({ resolution: 1 });
monitor.enable();
const start = performance.now();
await rt.tasks.spin(steps);
const seconds = (performance.now() - start) / 1000;
monitor.disable();
// the monitor's timer itself adds its 1 ms resolution to every sample
const worst = monitor.max / 1e6 - 1;
const p99 = monitor.percentile(99) / 1e6 - 1;
const result = { steps, seconds: +seconds.toFixed(3), worst_lag_ms: +worst.toFixed(1), p99_lag_ms: +p99.toFixed(1) };
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else console.log(`${steps} C steps in ${result.seconds} s; event-loop lag: worst ${result.worst_lag_ms} ms, p99 ${result.p99_lag_ms} ms`);
