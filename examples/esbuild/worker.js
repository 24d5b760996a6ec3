// examples/esbuild/worker.js — the bundled package in a module Web Worker,
// started by app.js.  A worker resolves a relative URL against its own,
// so the wasm's name alone finds it beside the bundle.
import { load } from 'wasyncio';
import wasm from 'wasyncio/wasyncio.wasm';

const rt = await load(wasm);
self.postMessage(await rt.gather([rt.sleep(0.02, 'slow'), rt.sleep(0.01, 'fast')]));
