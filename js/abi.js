// js/abi.js — the numbers and layouts the loader shares with the C it
// loads: value kinds, the layout of wa_value and of the structs allTasks()
// and the sockets read, outcome and error-class numbers, the socket
// constants.  C's headers are their source: every module exports the same
// entries as this build of them (wa_js_abi, src/js/abi.c, in the same
// order), and the loader checks them as it loads the module.

export const KIND = { NONE: 0, BOOL: 1, INT: 2, DOUBLE: 3, STR: 4, BYTES: 5, PTR: 6, LIST: 7, ERROR: 8 };
// wa_value: the kind as an i32, the payload at offset 8.
export const VALUE = { SIZE: 16, PAYLOAD: 8 };
export const STATE = { PENDING: 0, RESULT: 1, ERROR: 2, CANCELLED: 3 };
export const ERROR_CLASS = { OTHER: 0, CANCELLED: 1, TIMEOUT: 2, GROUP: 3 };
export const TASK_INFO = {
  name: 0, state: 4, activity: 8, coro: 12, depth: 36, awaiting: 40, since: 296, created: 304,
};
export const FRAME_INFO = { func: 0, file: 4, line: 8 };
export const SITE = { file: 0, line: 4, func: 8 };
export const SOCKADDR = { SIZE: 116, family: 0, port: 4, host: 8 };
export const AF = { UNSPEC: 0, INET: 1, INET6: 2, UNIX: 3 };      // wa_family
export const SOCK_DGRAM = 2;                                     // wa__sock_type
export const IO = { READ: 1, WRITE: 2 };                         // host.h's WA__IO_READ, WA__IO_WRITE
// C's codes[] (src/net/js.c), in the same order: a call fails with -index.
export const NET_ERRORS = ['', 'EAGAIN', 'EINPROGRESS', 'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE',
  'EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN',
  'EDESTADDRREQ', 'EMSGSIZE', 'EBADF', 'EINVAL', 'ENOSYS', 'ENOENT', 'EIO',
  'EMFILE', 'ENOMEM', 'EAFNOSUPPORT', 'EPERM', 'ENOBUFS', 'EAI_NONAME', 'EAI_AGAIN', 'EAI_FAIL'];

const named = (prefix, table) => Object.entries(table).map(([k, v]) => [`${prefix}${k}`, v]);

// What src/js/abi.c's table must hold, entry by entry: [name, value].
export const EXPECTED = [
  ['pointer size', 4],
  ['wa_kind size', 4], ['wa_value size', VALUE.SIZE], ['wa_value payload offset', VALUE.PAYLOAD],
  ...named('WA_KIND_', KIND),
  ...named('outcome ', STATE),
  ...named('error class ', ERROR_CLASS),
  ...named('wa_task_info.', TASK_INFO),
  ...named('wa_frame_info.', FRAME_INFO),
  ...named('wa_site.', SITE),
  ...named('wa_sockaddr ', SOCKADDR),
  ...named('WA_AF_', AF),
  ['WA__SOCK_DGRAM', SOCK_DGRAM],
  ...named('WA__IO_', IO),
  ['socket error count', NET_ERRORS.length],
];

/** Throws unless table (the module's entries, or undefined when it has
 *  no wa_js_abi) is EXPECTED. */
export function checkAbi(table) {
  const fail = (why) => {
    throw new TypeError(`wasyncio: this module was built for another version of the loader: ${why}`);
  };
  if (!table) fail('it has no wa_js_abi export');
  if (table.length !== EXPECTED.length) {
    fail(`its wa_js_abi has ${table.length} entries, the loader's ${EXPECTED.length}`);
  }
  EXPECTED.forEach(([name, want], i) => {
    if (table[i] !== want) fail(`its ${name} is ${table[i]}, the loader's ${want}`);
  });
}

/** The entries of a module's wa_js_abi table (undefined without one). */
export function readAbi(exports, view) {
  if (!exports.wa_js_abi) return undefined;
  const at = exports.wa_js_abi();
  const n = view.getUint16(at, true);
  return Array.from({ length: n }, (_, i) => view.getUint16(at + 2 * (i + 1), true));
}
