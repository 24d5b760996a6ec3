// tools/layers.mjs — the house rules a compiler does not check: the folders
// under src/ are layers, and a file includes only from its own layer or a
// lower one; no line of the public headers (include/) is longer than 120
// characters.  Prints each breach and exits 1; `node tools/layers.mjs [ROOT]`.
// tests/node/layers.test.mjs runs it, so `npm test` does.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// Lowest first.  The platform (hosts, threads, sockets) knows nothing of
// the library; the engine (core) sees debug mode only through its own
// core/hook-int.h; the asyncio library (lib) runs on the engine, I/O on
// both; debug mode observes them all, and the JS bridge sits on top.
export const LAYERS = [
  ['host', 'threads', 'net'],
  ['core'],
  ['lib'],
  ['io'],
  ['debug'],
  ['js'],
];
export const MAX_LINE = 120;

const layerOf = (folder) => LAYERS.findIndex((l) => l.includes(folder));

function filesUnder(dir, keep) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path, keep);
    return keep(e.name) ? [path] : [];
  });
}

// The breaches in the tree at root, one line each ('' none).
export function check(root) {
  const src = join(root, 'src');
  const problems = [];
  for (const file of filesUnder(src, (n) => /\.[ch]$/.test(n))) {
    const from = relative(src, file).split(sep)[0];
    const at = relative(root, file);
    if (layerOf(from) < 0) {
      problems.push(`${at}: src/${from} is in no layer: add it to LAYERS in tools/layers.mjs`);
      continue;
    }
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const m = /^\s*#\s*include\s+"([^"]+)"/.exec(line);
      if (!m) return;
      // as the compiler looks: beside the file, then -I src (include/ is public)
      const target = relative(src, resolve(dirname(file), m[1]));
      const inside = target.split(sep);
      const to = inside.length > 1 && !target.startsWith('..') ? inside[0] : null;
      if (to === null || to === from) return;
      if (layerOf(to) > layerOf(from)) {
        problems.push(`${at}:${i + 1}: src/${from} includes "${m[1]}" of src/${to}, a higher layer`);
      }
    });
  }
  for (const file of filesUnder(join(root, 'include'), (n) => n.endsWith('.h'))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (line.length > MAX_LINE) {
        problems.push(`${relative(root, file)}:${i + 1}: ${line.length} characters (at most ${MAX_LINE})`);
      }
    });
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const problems = check(root);
  for (const p of problems) console.error(p);
  console.log(problems.length ? `layers: ${problems.length} problem(s)` : 'layers: ok');
  process.exit(problems.length ? 1 : 0);
}
