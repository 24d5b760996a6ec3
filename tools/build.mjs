// tools/build.mjs — configures and builds the CMake presets: all of them, or
// those named as arguments (node tools/build.mjs native wasi).  One line per
// preset; a failing step prints its full output and exits non-zero.
// A preset is configured only when its build directory is new or was
// configured (configured.stamp) before CMakePresets.json last changed:
// configuring Emscripten costs seconds, and Ninja re-runs CMake by itself
// when CMakeLists.txt, a toolchain file or a globbed directory changes.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const all = ['native', 'poll', 'sanitize', 'tsan', 'release', 'wasi', 'emscripten', 'emscripten-pthread', 'js'];
// built only when named: tools/coverage.mjs builds it
const named = ['coverage'];
const presets = process.argv.slice(2);
for (const p of presets) {
  if (!all.includes(p) && !named.includes(p)) {
    console.error(`build: unknown preset '${p}' (known: ${[...all, ...named].join(', ')})`);
    process.exit(2);
  }
}

function step(preset, args) {
  const r = spawnSync('cmake', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status === 0) return;
  console.log('FAILED');
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const why = r.error ? r.error.message : `exit status ${r.status}`;
  console.error(`build: ${preset}: cmake ${args.join(' ')} failed (${why})`);
  process.exit(1);
}

for (const preset of presets.length ? presets : all) {
  const start = performance.now();
  process.stdout.write(`build: ${preset} ... `);
  const stamp = join(root, 'build', preset, 'configured.stamp');
  if (!existsSync(stamp) || statSync(join(root, 'CMakePresets.json')).mtimeMs > statSync(stamp).mtimeMs) {
    step(preset, ['--preset', preset]);
    writeFileSync(stamp, '');
  }
  step(preset, ['--build', '--preset', preset]);
  console.log(`ok (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}
