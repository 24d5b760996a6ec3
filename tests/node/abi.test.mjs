// The numbers and layouts js/ shares with C (js/abi.js, src/js/abi.c): the
// loader's check throws its clear error on every kind of mismatch, the
// built runtimes report exactly the loader's table, and a module whose
// table disagrees fails to load.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { EXPECTED, checkAbi, readAbi } from '../../js/abi.js';
import { load } from '../../js/node.js';
import { root } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';

const OTHER = /^wasyncio: this module was built for another version of the loader: /;
const values = () => EXPECTED.map(([, v]) => v);

describe('the loader\'s ABI check', () => {
  test('passes the loader\'s own table', () => {
    checkAbi(values());
  });

  test('names the entry that differs, with both values', () => {
    const table = values();
    const at = EXPECTED.findIndex(([name]) => name === 'wa_value payload offset');
    table[at] = 12;
    assert.throws(() => checkAbi(table), {
      name: 'TypeError',
      message: new RegExp(`${OTHER.source}its wa_value payload offset is 12, the loader's 8$`),
    });
  });

  test('catches a value kind renumbered', () => {
    const table = values();
    table[EXPECTED.findIndex(([name]) => name === 'WA_KIND_ERROR')] = 9;
    assert.throws(() => checkAbi(table), { message: /its WA_KIND_ERROR is 9, the loader's 8$/ });
  });

  test('catches a table of another length', () => {
    assert.throws(() => checkAbi(values().slice(1)), {
      message: new RegExp(`${OTHER.source}its wa_js_abi has ${EXPECTED.length - 1} entries, ` +
        `the loader's ${EXPECTED.length}$`),
    });
    assert.throws(() => checkAbi([...values(), 0]), { message: OTHER });
  });

  test('refuses a module without the table', () => {
    assert.throws(() => checkAbi(undefined), {
      message: new RegExp(`${OTHER.source}it has no wa_js_abi export$`),
    });
  });
});

// The table as it sits in the wasm's data: its length, then the entries,
// as little-endian u16.
function tableBytes() {
  const table = [EXPECTED.length, ...values()];
  const bytes = Buffer.alloc(2 * table.length);
  table.forEach((v, i) => bytes.writeUInt16LE(v, 2 * i));
  return bytes;
}

const runtimes = ['js/wasyncio.wasm', 'js/wasyncio-debug.wasm'];
describeBuilt('the runtimes\' ABI tables', runtimes.map((file) => ['node', file]), {}, () => {
  for (const file of runtimes) {
    test(`${file} reports the loader's table`, async () => {
      const rt = await load(join(root, file));
      assert.deepEqual(readAbi(rt.exports, new DataView(rt.exports.memory.buffer)), values());
    });
  }

  test('a module whose table differs does not load', async () => {
    const wasm = await readFile(join(root, 'js/wasyncio.wasm'));
    const at = wasm.indexOf(tableBytes());
    assert.ok(at >= 0, 'the table is not in the wasm\'s data as the loader expects it');
    const size = 2 * (1 + EXPECTED.findIndex(([name]) => name === 'wa_value size'));
    wasm.writeUInt16LE(24, at + size);
    await assert.rejects(load(wasm), {
      message: new RegExp(`${OTHER.source}its wa_value size is 24, the loader's 16$`),
    });
  });
});
