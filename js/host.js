// js/host.js — the few things the runtime takes from its platform, as a
// page or a Web Worker gives them.  They are the package's default: its
// "browser" and "default" entry, js/wasyncio.js, imports no Node module, so
// bundlers for the web take it with no options (tests/node/bundle.test.mjs
// checks that its bundle names none).  Node's entry, js/node.js, puts
// Node's own in their place before anything runs.

function nodeOnly(what) {
  return new TypeError(`wasyncio: ${what} needs Node's entry of the package: import 'wasyncio' in Node ` +
    '(it resolves to js/node.js), not js/wasyncio.js');
}

export const host = {
  /** The base of a relative URL: the page's base URL, or a worker's own
   *  URL (workers have no document). */
  baseURL() {
    const base = globalThis.document?.baseURI ?? globalThis.location?.href;
    if (base === undefined) throw nodeOnly('a relative URL outside a page or a worker');
    return base;
  },

  /** The bytes of a file: URL, as a Promise. */
  readFile(url) {
    throw nodeOnly(`reading ${url}`);
  },

  /** Where stdout's or stderr's lines go unless load() is given its own. */
  output(stream) {
    return stream === 'stdout' ? (line) => console.log(line) : (line) => console.error(line);
  },

  /** Node's net and dgram modules as { net, dgram }, or null: then every
   *  socket call fails with ENOSYS (js/net.js). */
  async sockets() {
    return null;
  },
};
