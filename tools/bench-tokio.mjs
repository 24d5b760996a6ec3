// tools/bench-tokio.mjs — builds the tokio anchor (bench/tokio) offline
// from Debian's packaged crates, for tools/bench.mjs and its test.  Cargo
// reads bench/tokio/.cargo/config.toml (crates-io replaced by
// /usr/share/cargo/registry) only when it runs inside bench/tokio.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { onPath, root } from './targets.mjs';

export const tokioDir = join(root, 'bench/tokio');
const registry = '/usr/share/cargo/registry';
const targetDir = join(root, 'build/tokio');

// Why the tokio anchor cannot be built here, or null when it can.
export function tokioMissing() {
  if (!onPath('cargo')) return 'cargo is not installed (rustup, or apt-get install cargo)';
  const crates = existsSync(registry) ? readdirSync(registry) : [];
  for (const crate of ['tokio', 'tokio-macros'])
    if (!crates.some((c) => c.startsWith(`${crate}-`) && /^\d/.test(c.slice(crate.length + 1))))
      return `Debian's tokio crates are not installed (apt-get install librust-tokio-dev librust-tokio-macros-dev)`;
  return null;
}

// The tokio version Cargo.lock resolved, e.g. '1.24.2'.
function tokioVersion() {
  const lock = readFileSync(join(tokioDir, 'Cargo.lock'), 'utf8');
  return /\[\[package\]\]\nname = "tokio"\nversion = "([^"]+)"/.exec(lock)?.[1] ?? 'unknown';
}

const binary = join(targetDir, 'release/anchors-tokio');

// { file, version } once built (cargo's own check makes a fresh build cost
// a fraction of a second), { skip } when cargo or the crates are missing,
// { error } when cargo fails although both are there.  stdio: as spawnSync's.
// build false: only what an earlier build left, or { skip }.
export function buildTokio({ stdio = 'pipe', build = true } = {}) {
  if (!build) return existsSync(binary) ? { file: binary, version: tokioVersion() } : { skip: 'not built (--no-build)' };
  const skip = tokioMissing();
  if (skip) return { skip };
  const r = spawnSync('cargo', ['build', '--release', '--offline', '--quiet'], {
    cwd: tokioDir, stdio, encoding: 'utf8', env: { ...process.env, CARGO_TARGET_DIR: targetDir },
  });
  if (r.status !== 0)
    return { error: `cargo build --release --offline in bench/tokio failed (${r.error?.message ?? `exit ${r.status}`})${r.stderr ? `:\n${r.stderr.trim()}` : ''}` };
  return { file: binary, version: tokioVersion() };
}
