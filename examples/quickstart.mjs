// quickstart.mjs — the npm package's runtime from Node: C's asyncio.sleep,
// gather and cancellation as Promises (README's first JS example).
// Run after `node tools/build.mjs js`: node examples/quickstart.mjs
import { load, CancelledError } from 'wasyncio';

const rt = await load();                                      // js/wasyncio.wasm, next to the module
console.log(await rt.sleep(0.1, 'C slept'));                  // asyncio.sleep in C, as a Promise
const fromJs = new Promise((resolve) => setTimeout(resolve, 50, 'from JS'));
console.log(await rt.gather([fromJs, rt.sleep(0.2, 'from C')]));   // a JS Promise is a C future
const task = rt.sleep(60, 'never', { signal: AbortSignal.timeout(50) });
console.log(await task.catch((e) => e instanceof CancelledError)); // the signal cancelled the C task
