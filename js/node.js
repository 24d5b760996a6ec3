// js/node.js — the package's entry in Node (package.json's "node"
// condition): the runtime of js/wasyncio.js on Node's files, working
// directory, sockets and stdout.  Only this file names node: modules, so
// the web entry bundles without them.
import { pathToFileURL } from 'node:url';
import { host } from './host.js';

export * from './wasyncio.js';

Object.assign(host, {
  baseURL: () => pathToFileURL(process.cwd() + '/'),
  readFile: async (url) => (await import('node:fs/promises')).readFile(url),
  output: (stream) => (line) => process[stream].write(line + '\n'),
  // loaded only for a module that uses sockets
  sockets: async () => ({ net: await import('node:net'), dgram: await import('node:dgram') }),
});
