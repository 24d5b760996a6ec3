// js/memory.js — reading and writing a module's linear memory: C strings,
// and wa_value (laid out as js/abi.js says, which the loader checks).

import { KIND, VALUE } from './abi.js';

export const VALUE_SIZE = VALUE.SIZE;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export class Memory {
  #view = null;

  constructor(exports) {
    this.exports = exports;
  }

  // Views are remade whenever memory has grown (its buffer changes).
  get view() {
    const buffer = this.exports.memory.buffer;
    if (!this.#view || this.#view.buffer !== buffer) this.#view = new DataView(buffer);
    return this.#view;
  }

  bytes(ptr, len) {
    return new Uint8Array(this.exports.memory.buffer, ptr, len);
  }

  cstring(ptr) {
    if (!ptr) return '';
    const all = new Uint8Array(this.exports.memory.buffer);
    let end = ptr;
    while (all[end]) end++;
    return decoder.decode(all.subarray(ptr, end));
  }

  string(ptr, len) {
    return decoder.decode(this.bytes(ptr, len));
  }

  // Copies data into new C memory, NUL-terminated; { ptr, len }.
  alloc(data) {
    const ptr = this.exports.wa_js_alloc(data.length + 1);
    if (!ptr) throw new RangeError('wasyncio: out of wasm memory');
    const dst = this.bytes(ptr, data.length + 1);
    dst.set(data);
    dst[data.length] = 0;
    return { ptr, len: data.length };
  }

  // A NUL-terminated copy of s; free it with free().
  allocString(s) {
    return this.alloc(encoder.encode(s)).ptr;
  }

  free(ptr) {
    this.exports.wa_js_free(ptr);
  }

  // An array of n values, all none, for writeValue().
  allocValues(n) {
    const ptr = this.exports.wa_js_alloc(n * VALUE_SIZE);
    if (!ptr) throw new RangeError('wasyncio: out of wasm memory');
    this.bytes(ptr, n * VALUE_SIZE).fill(0);
    return ptr;
  }

  /*
   * Reads the value at ptr as JS: undefined, boolean, number (or BigInt past
   * 2^53), string, Uint8Array (a copy), Array, Error (through readError), or
   * a pointer as a number.
   */
  readValue(ptr, readError) {
    const view = this.view;
    const payload = ptr + VALUE.PAYLOAD;
    switch (view.getInt32(ptr, true)) {
      case KIND.NONE: return undefined;
      case KIND.BOOL: return view.getUint8(payload) !== 0;
      case KIND.INT: {
        const i = view.getBigInt64(payload, true);
        return i >= -Number.MAX_SAFE_INTEGER && i <= Number.MAX_SAFE_INTEGER ? Number(i) : i;
      }
      case KIND.DOUBLE: return view.getFloat64(payload, true);
      case KIND.STR: return this.string(view.getUint32(payload, true), view.getUint32(payload + 4, true));
      case KIND.BYTES: return this.bytes(view.getUint32(payload, true), view.getUint32(payload + 4, true)).slice();
      case KIND.PTR: return view.getUint32(payload, true);
      case KIND.LIST: {
        const items = view.getUint32(payload, true);
        const len = view.getUint32(payload + 4, true);
        const out = new Array(len);
        for (let i = 0; i < len; i++) out[i] = this.readValue(items + i * VALUE_SIZE, readError);
        return out;
      }
      case KIND.ERROR: return readError(view.getUint32(payload, true));
      default: throw new TypeError(`wasyncio: unknown value kind ${view.getInt32(ptr, true)}`);
    }
  }

  /*
   * Writes v at ptr (a slot from allocValues) with C memory of its own,
   * freed with the array by wa_js_values_free.  special(ptr, v, top)
   * handles what only the caller knows (Errors, Promises; top is false
   * inside an Array): it returns true once it has written the slot itself.
   * Throws TypeError for what C cannot hold.
   */
  writeValue(ptr, v, special, top = true) {
    const set = (kind) => this.view.setInt32(ptr, kind, true);
    const payload = ptr + VALUE.PAYLOAD;
    if (v === undefined || v === null) return set(KIND.NONE);
    if (special(ptr, v, top)) return;
    switch (typeof v) {
      case 'boolean':
        set(KIND.BOOL);
        return this.view.setUint8(payload, v ? 1 : 0);
      case 'bigint':
        if (v < INT64_MIN || v > INT64_MAX) throw new TypeError(`wasyncio: ${v} does not fit in a C int64`);
        set(KIND.INT);
        return this.view.setBigInt64(payload, v, true);
      case 'number':
        if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) {
          set(KIND.INT);
          return this.view.setBigInt64(payload, BigInt(v), true);
        }
        set(KIND.DOUBLE);
        return this.view.setFloat64(payload, v, true);
      case 'string':
        return this.#writeBuffer(ptr, KIND.STR, encoder.encode(v));
    }
    if (v instanceof ArrayBuffer) return this.#writeBuffer(ptr, KIND.BYTES, new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return this.#writeBuffer(ptr, KIND.BYTES, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    if (Array.isArray(v)) {
      const items = this.allocValues(v.length);
      // the list owns items from here, so a failure below frees them with it
      set(KIND.LIST);
      this.view.setUint32(payload, items, true);
      this.view.setUint32(payload + 4, v.length, true);
      v.forEach((item, i) => this.writeValue(items + i * VALUE_SIZE, item, special, false));
      return;
    }
    const what = v?.constructor?.name ?? typeof v;
    throw new TypeError(`wasyncio: a ${what} cannot be passed to C (see the value table in README)`);
  }

  #writeBuffer(ptr, kind, data) {
    const { ptr: data_ptr, len } = this.alloc(data);
    this.view.setInt32(ptr, kind, true);
    this.view.setUint32(ptr + VALUE.PAYLOAD, data_ptr, true);
    this.view.setUint32(ptr + VALUE.PAYLOAD + 4, len, true);
  }
}
