// The layering and the public headers' line length (tools/layers.mjs) on
// this tree, and the checker itself on a small tree that breaks each rule.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { check, MAX_LINE } from '../../tools/layers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('src/ includes run down the layers only, and no line of include/ is too long', () => {
  assert.deepEqual(check(root), []);
});

test('the checker finds an upward include, a folder in no layer and a long public line', () => {
  const tree = mkdtempSync(join(tmpdir(), 'wa-layers-'));
  const put = (path, text) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  };
  try {
    put('include/wasyncio.h', `/* ok */\n${'x'.repeat(MAX_LINE)}\n${'y'.repeat(MAX_LINE + 1)}\n`);
    put('src/core/loop-int.h', '#include "wasyncio.h"\n');
    put('src/core/task.c', '#include "loop-int.h"\n#include "../lib/lib-int.h"\n');
    put('src/lib/lib-int.h', '#include "../core/loop-int.h"\n');
    put('src/io/stream.c', '# include "../lib/lib-int.h"\n#include "../debug/debug-int.h"\n');
    put('src/debug/debug-int.h', '#include "../core/loop-int.h"\n');
    put('src/extra/x.c', '#include "../core/loop-int.h"\n');
    assert.deepEqual(check(tree).sort(), [
      `include/wasyncio.h:3: ${MAX_LINE + 1} characters (at most ${MAX_LINE})`,
      'src/core/task.c:2: src/core includes "../lib/lib-int.h" of src/lib, a higher layer',
      'src/extra/x.c: src/extra is in no layer: add it to LAYERS in tools/layers.mjs',
      'src/io/stream.c:2: src/io includes "../debug/debug-int.h" of src/debug, a higher layer',
    ]);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
});
