// packed.mjs — the npm package as a user gets it, for the tests that try
// it in a fresh project: `npm pack` of this checkout, and `npm install` of
// that tarball into a new project folder.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from '../../tools/targets.mjs';

export const exec = promisify(execFile);

// npm offline and without its update check: the tarball has no
// dependencies, so nothing here needs the network.
export const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
const npm = (args, cwd) => exec('npm', [...args, '--offline'], { cwd, env: npmEnv, maxBuffer: 16 << 20 });

/** Packs the checkout into dir; resolves with { tarball, files } (the
 *  paths the tarball holds, as a Set). */
export async function pack(dir) {
  // --ignore-scripts: prepack would rebuild the wasm, which another
  // session may be doing; the test packs what is built.
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
  const [info] = JSON.parse(stdout);
  return { tarball: join(dir, info.filename), files: new Set(info.files.map((f) => f.path)) };
}

/** Makes an empty ES module project in dir and installs tarball into it. */
export async function installInto(dir, tarball) {
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2) + '\n');
  await npm(['install', '--no-audit', '--no-fund', tarball], dir);
}
