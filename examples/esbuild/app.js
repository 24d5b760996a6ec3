// examples/esbuild/app.js — the npm package in a web page, bundled by
// esbuild with one flag for the wasm (docs/npm.md, "Bundlers").  In this
// folder, after `npm install wasyncio esbuild`:
//     npx esbuild app.js worker.js --bundle --format=esm --loader:.wasm=file --outdir=dist
// then serve the folder and open index.html.  tests/node/bundle.test.mjs
// does that with the packed package, in Chromium.
import { load } from 'wasyncio';
import wasm from 'wasyncio/wasyncio.wasm';            // esbuild copies it into dist/: its name there

const rt = await load(new URL(wasm, import.meta.url));
const text = fetch('hello.txt').then((r) => r.text());         // C gets the text (a Response is no C value)
show(JSON.stringify(await rt.gather([text, rt.sleep(0.05, 'from C')])));

// the bundled package in a module worker, built beside this file
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = ({ data }) => show(`worker: ${JSON.stringify(data)}`);

function show(line) {
  document.querySelector('#out').textContent += `${line}\n`;
}
