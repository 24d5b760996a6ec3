// examples/web/worker.js — the package in a Web Worker, dedicated or module
// (new Worker('/worker.js', { type: 'module' })): post it { wasm, debug }
// and it loads that runtime by a URL relative to its own, runs two C sleeps
// at once and posts back what they returned, or the error.  Workers have
// no document: relative URLs resolve against the worker's location.
self.onmessage = async ({ data }) => {
  try {
    const { load } = await import('./js/wasyncio.js');    // works in classic workers too
    const rt = await load(data.wasm, { debug: data.debug });
    const naps = rt.gather([rt.sleep(0.02, 'slow'), rt.sleep(0.01, 'fast')]);
    const tasks = rt.debug ? rt.allTasks().map((t) => t.coro) : null;
    self.postMessage({ values: await naps, debug: rt.debug, tasks });
  } catch (e) {
    self.postMessage({ error: `${e.name}: ${e.message}` });
  }
};
