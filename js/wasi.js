// js/wasi.js — the few WASI preview1 functions a module's libc calls
// (printf, clock, random, exit), for Node and browsers alike.  Output goes
// to the stdout/stderr callbacks a line at a time.  Anything else a module
// imports from WASI fails to load with its name (see checkImports).
// js/wasi-command.js adds what a whole command needs: waits, stdin.

export const ERRNO = { SUCCESS: 0, AGAIN: 6, BADF: 8, INVAL: 28, NOSYS: 52, NOTSOCK: 57 };

/** Thrown through the wasm stack by proc_exit; the loader catches it. */
export class Exit {
  constructor(code) {
    this.code = code;
  }
}

// Collects bytes written to one fd and hands out complete lines.
function lineWriter(write) {
  const decoder = new TextDecoder();
  let pending = '';
  return {
    write(bytes) {
      pending += decoder.decode(bytes, { stream: true });
      const end = pending.lastIndexOf('\n');
      if (end < 0) return;
      for (const line of pending.slice(0, end).split('\n')) write(line);
      pending = pending.slice(end + 1);
    },
    flush() {
      if (pending) write(pending);
      pending = '';
    },
  };
}

// NUL-terminated UTF-8 strings, as args_get and environ_get hand them out.
function cStrings(strings) {
  const encoder = new TextEncoder();
  return strings.map((s) => encoder.encode(s + '\0'));
}

/**
 * The wasi_snapshot_preview1 imports for a module whose memory memory()
 * returns.  options: { args: string[], stdout(line), stderr(line), and
 * optionally argv0 (default 'wasm'), env: {NAME: value} (default none) }.
 */
export function wasiImports(memory, options) {
  const out = {
    1: lineWriter(options.stdout),
    2: lineWriter(options.stderr),
  };
  const args = cStrings([options.argv0 ?? 'wasm', ...(options.args ?? [])]);
  const env = cStrings(Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`));
  const view = () => new DataView(memory().buffer);
  const bytes = (ptr, len) => new Uint8Array(memory().buffer, ptr, len);

  // args_sizes_get and environ_sizes_get: how many strings, and their bytes
  const sizes = (strings, count, size) => {
    view().setUint32(count, strings.length, true);
    view().setUint32(size, strings.reduce((n, a) => n + a.length, 0), true);
    return ERRNO.SUCCESS;
  };
  // args_get and environ_get: the strings into buf, a pointer to each at list
  const copyOut = (strings, list, buf) => {
    for (const [i, a] of strings.entries()) {
      view().setUint32(list + i * 4, buf, true);
      bytes(buf, a.length).set(a);
      buf += a.length;
    }
    return ERRNO.SUCCESS;
  };

  return {
    flush() {
      out[1].flush();
      out[2].flush();
    },
    imports: {
      fd_write(fd, iovs, iovcnt, nwritten) {
        if (!out[fd]) return ERRNO.BADF;
        let total = 0;
        for (let i = 0; i < iovcnt; i++) {
          const ptr = view().getUint32(iovs + i * 8, true);
          const len = view().getUint32(iovs + i * 8 + 4, true);
          out[fd].write(bytes(ptr, len));
          total += len;
        }
        view().setUint32(nwritten, total, true);
        return ERRNO.SUCCESS;
      },
      fd_close: () => ERRNO.SUCCESS,
      fd_seek: () => ERRNO.BADF,        // stdio is not seekable
      fd_fdstat_get(fd, stat) {          // stdio is a character device
        if (!out[fd] && fd !== 0) return ERRNO.BADF;
        bytes(stat, 24).fill(0);
        view().setUint8(stat, 2);
        return ERRNO.SUCCESS;
      },
      fd_read: () => ERRNO.BADF,
      fd_prestat_get: () => ERRNO.BADF,  // no preopened directories
      fd_prestat_dir_name: () => ERRNO.BADF,
      clock_res_get(id, res) {
        view().setBigUint64(res, 1000n, true);
        return ERRNO.SUCCESS;
      },
      clock_time_get(id, precision, time) {
        const ms = id === 0 ? Date.now() : performance.now();   // 0: realtime
        view().setBigUint64(time, BigInt(Math.round(ms * 1e6)), true);
        return ERRNO.SUCCESS;
      },
      random_get(buf, len) {
        const out = bytes(buf, len);
        // Node 18 has no global crypto without a flag: Math.random then
        // (nothing in the library needs secure randomness)
        if (globalThis.crypto?.getRandomValues) {
          for (let at = 0; at < len; at += 65536) crypto.getRandomValues(out.subarray(at, at + 65536));
        } else {
          for (let i = 0; i < len; i++) out[i] = Math.floor(Math.random() * 256);
        }
        return ERRNO.SUCCESS;
      },
      args_sizes_get: (argc, size) => sizes(args, argc, size),
      args_get: (argv, buf) => copyOut(args, argv, buf),
      environ_sizes_get: (count, size) => sizes(env, count, size),
      environ_get: (environ, buf) => copyOut(env, environ, buf),
      sched_yield: () => ERRNO.SUCCESS,
      proc_exit(code) {
        throw new Exit(code);
      },
    },
  };
}
