// cmake.test.mjs — wasyncio as a C user's dependency.  Installed: `cmake
// --install build/<preset> --prefix P`, then the user's program
// (tests/consumer) built against P with find_package(wasyncio) and with
// pkg-config, natively, for WASI and for Emscripten, and run.  Embedded:
// a user's project that add_subdirectory()s this checkout
// (tests/consumer/subproject) builds the library and nothing else of ours,
// has a target of its own called hello, and gets no -Werror from us.
// Each build is one file of the user's beside the installed archive.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { describe, onPath, root, run, targets } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'wasyncio-cmake-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const consumer = join(root, 'tests/consumer');
const expected = 'consumer: 6 * 7 = 42 from a task\n';
const pkgConfigSkip = !onPath('pkg-config') && 'pkg-config is not installed (bash tools/setup.sh installs it)';
// Debian's emcc finds its node modules through NODE_PATH (as the presets set it).
const emEnv = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(delimiter) };

/* Runs the commands in order until one fails; resolves with the last
 * outcome, its argv attached.  Never rejects, so the builds start at once,
 * side by side, and each test awaits the one it checks. */
async function commands(list, options) {
  let r;
  for (const argv of list) {
    r = { argv, ...(await run(argv, options)) };
    if (r.code !== 0) break;
  }
  return r;
}

function assertRan(r) {
  assert.equal(r.code, 0, `${r.argv.join(' ')}: ${describe(r)}\n${r.stdout.slice(-4000)}`);
}

// target: how tools/targets.mjs runs its programs; cc: the compiler for the
// pkg-config build; find: how a user's configure finds the prefix (the
// Emscripten toolchain searches for packages only under
// CMAKE_FIND_ROOT_PATH, its sysroot by default).
const platforms = [
  { target: 'native', cc: ['cc'], find: (p) => [`-DCMAKE_PREFIX_PATH=${p}`], exe: '' },
  {
    target: 'wasi',
    cc: [['clang-14', 'clang-19', 'clang'].find(onPath), '--target=wasm32-wasi'],
    find: (p) => [`-DCMAKE_TOOLCHAIN_FILE=${join(root, 'wasm/wasi.cmake')}`, `-DCMAKE_PREFIX_PATH=${p}`],
    exe: '.wasm',
  },
  {
    target: 'emscripten',
    cc: ['emcc'],
    find: (p) => [`-DCMAKE_TOOLCHAIN_FILE=${join(root, 'wasm/emscripten.cmake')}`, `-DCMAKE_FIND_ROOT_PATH=${p}`],
    exe: '.js',
    env: emEnv,
  },
];

for (const { target, cc, find, exe, env = process.env } of platforms) {
  const dir = join(tmp, target);
  const prefix = join(dir, 'prefix');
  describeBuilt(`installed, ${target}`, [[target, `build/${target}/libwasyncio.a`]], {}, () => {
    const installed = commands([['cmake', '--install', `build/${target}`, '--prefix', prefix]]);
    const thenInstalled = (next) => installed.then((r) => (r.code === 0 ? next() : r));

    const viaCMake = join(dir, 'find-package');
    const builtWithCMake = thenInstalled(() => commands([
      ['cmake', '-S', consumer, '-B', viaCMake, '-G', 'Ninja', ...find(prefix)],
      ['cmake', '--build', viaCMake],
      targets[target].argv(join(viaCMake, `consumer${exe}`)),
    ], { env }));

    const pcEnv = { ...env, PKG_CONFIG_PATH: join(prefix, 'lib/pkgconfig') };
    const viaPkgConfig = join(dir, `pkg-config${exe}`);
    const builtWithPkgConfig = !pkgConfigSkip && thenInstalled(async () => {
      const flags = await commands([['pkg-config', '--cflags', '--libs', 'wasyncio']], { env: pcEnv });
      if (flags.code !== 0) return flags;
      // Split as a shell splits $(pkg-config ...); the paths here have no blanks.
      return commands([[...cc, join(consumer, 'main.c'), '-o', viaPkgConfig, ...flags.stdout.trim().split(/\s+/)],
        targets[target].argv(viaPkgConfig)], { env: pcEnv });
    });

    test('cmake --install puts the archive, headers, CMake package and wasyncio.pc under the prefix', async () => {
      assertRan(await installed);
      for (const file of ['lib/libwasyncio.a', 'include/wasyncio.h', 'lib/cmake/wasyncio/wasyncioConfig.cmake',
        'lib/cmake/wasyncio/wasyncioConfigVersion.cmake', 'lib/cmake/wasyncio/wasyncioTargets.cmake',
        'lib/pkgconfig/wasyncio.pc'])
        assert.ok(existsSync(join(prefix, file)), `${file} is not installed`);
    });

    test('find_package(wasyncio) and wasyncio::wasyncio build a program that runs', async () => {
      const r = await builtWithCMake;
      assertRan(r);
      assert.equal(r.stdout, expected);
    });

    test('pkg-config --cflags --libs wasyncio builds a program that runs', { skip: pkgConfigSkip }, async () => {
      const r = await builtWithPkgConfig;
      assertRan(r);
      assert.equal(r.stdout, expected);
    });

    if (target !== 'wasi') return;
    // WASI and Emscripten have the same pointer size, so the version file
    // cannot tell them apart: the config refuses another target itself.
    // Shown from a project that detects no compiler: it is quick, and it
    // counts as native.
    const wrong = join(dir, 'wrong');
    mkdirSync(wrong, { recursive: true });
    writeFileSync(join(wrong, 'CMakeLists.txt'), 'cmake_minimum_required(VERSION 3.25)\n' +
      'project(wrong LANGUAGES NONE)\nfind_package(wasyncio REQUIRED)\n');
    const refused = thenInstalled(() => run(['cmake', '-S', wrong, '-B', join(wrong, 'build'), '-G', 'Ninja',
      `-DCMAKE_PREFIX_PATH=${prefix}`]));
    test('a project that builds for another target does not find it', async () => {
      const r = await refused;
      assert.notEqual(r.code, 0, 'configured');
      assert.match(r.stderr, /this wasyncio was built for wasi, this project builds for native/);
    });
  });
}

describeBuilt('add_subdirectory(wasyncio) in a user\'s project', [['native', 'build/native/libwasyncio.a']], {}, () => {
  const build = join(tmp, 'subproject');
  const built = commands([
    ['cmake', '-S', join(consumer, 'subproject'), '-B', build, '-G', 'Ninja', `-DWASYNCIO_DIR=${root}`,
      '-DCMAKE_EXPORT_COMPILE_COMMANDS=ON'],
    ['cmake', '--build', build],
  ]);
  const compileCommands = async () => {
    assertRan(await built);
    return JSON.parse(readFileSync(join(build, 'compile_commands.json'), 'utf8'));
  };

  test('its own target hello builds and runs, though wasyncio has examples/hello.c', async () => {
    assertRan(await built);
    const r = await commands([[join(build, 'hello')]]);
    assertRan(r);
    assert.equal(r.stdout, expected);
  });

  test('it builds the library and none of wasyncio\'s tests, examples or benchmarks', async () => {
    assertRan(await built);
    const r = await commands([['ninja', '-C', build, '-t', 'targets', 'all']]);
    assertRan(r);
    const linked = r.stdout.split('\n').filter((l) => /_LINKER__/.test(l)).map((l) => l.split(':')[0]).sort();
    assert.deepEqual(linked, ['hello', 'wasyncio/libwasyncio.a']);
  });

  test('its code that warns under its own -Wall -Wextra compiles: no -Werror from wasyncio', async () => {
    const compiled = await compileCommands();
    assert.match((await built).stdout, /warning\.c.*\[-Wunused-variable\]/s, 'warning.c should warn');
    assert.deepEqual(compiled.filter((c) => /-Werror\b/.test(c.command)).map((c) => c.file), []);
  });

  test('__FILE__ in the library is relative to the wasyncio checkout, not the user\'s project', async () => {
    const library = (await compileCommands()).filter((c) => c.file.startsWith(join(root, 'src/')));
    assert.ok(library.length > 10, 'the library\'s sources are compiled');
    for (const c of library) assert.ok(c.command.includes(`-fmacro-prefix-map=${root}=`), c.command);
  });
});
