// js/compile.js — a WebAssembly.Module from what load(), run() and
// runWasi() take: a module, its bytes, or a path or URL, fetched or, in
// Node, read from disk (js/host.js says how, per platform).
import { host } from './host.js';

const RUNTIME = /(^|\/)wasyncio\.wasm$/;

/** source's module; no source is the package's runtime, and with debug
 *  the runtime (a URL ending in wasyncio.wasm) is its debug build. */
export async function compile(source, debug) {
  source ??= new URL('./wasyncio.wasm', import.meta.url);
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  let url = source instanceof URL ? source : new URL(String(source), host.baseURL());
  if (debug && RUNTIME.test(url.pathname)) url = new URL('wasyncio-debug.wasm', url);
  if (url.protocol === 'file:') return WebAssembly.compile(await host.readFile(url));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`wasyncio: fetching ${url} failed: ${response.status} ${response.statusText}`);
  if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}
