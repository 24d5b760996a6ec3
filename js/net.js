// js/net.js — the sockets of src/net/js.c over node:net and node:dgram: a
// table of sockets C names by small ints, each keeping what Node delivered
// (data, EOF, errors, connections, datagrams) until C asks for it.  In
// browsers, where there is no node:net, every call fails with ENOSYS.
//
// Readiness is level-triggered, as epoll's: C watches a socket for READ
// and WRITE, and each collect pass (io_next, called from the host's wait)
// reports every watched socket that is ready for what it is watched for.
// Node calls back between ticks and nothing here calls C: a socket that
// becomes ready pokes the runtime, which collects before its next tick (or
// as its Asyncify wait ends).
//
// Only open sockets and servers keep Node alive; there are no timers here.

import { AF, IO, NET_ERRORS, SOCKADDR, SOCK_DGRAM } from './abi.js';

// The failures C's codes[] knows: a call fails with -index.
export { NET_ERRORS };
const E = Object.fromEntries(NET_ERRORS.map((name, i) => [name, -i]));
// Node's name for getaddrinfo's EAI_NONAME (C raises socket.gaierror).
const ALIASES = { ENOTFOUND: 'EAI_NONAME' };

/** The failure (-index) for a Node error or exception. */
function failure(err) {
  let name = err?.code ?? err?.errors?.[0]?.code;    // autoSelectFamily's AggregateError
  name = ALIASES[name] ?? name;
  if (typeof name === 'string' && E[name] !== undefined) return E[name];
  return typeof name === 'string' && name.startsWith('ERR_') ? E.EINVAL : E.EIO;   // Node refused an argument
}

const { READ, WRITE } = IO;
// Bytes of a stream held for C before reading from the socket pauses (the
// kernel's buffers then fill and the peer's writes stall: backpressure).
const RECV_LIMIT = 64 * 1024;
// Bytes of datagrams held for C; past this, new ones are dropped, as a full
// socket buffer drops them.
const DGRAM_LIMIT = 256 * 1024;

const encoder = new TextEncoder();

// ---- sockets -----------------------------------------------------------------

/** A socket C made but has neither connected nor bound (and the base of
 *  the others): what it is watched for, and the watcher to report. */
class Sock {
  interest = 0;
  io = 0;

  constructor(net, family) {
    this.net = net;
    this.family = family;
  }

  ready() { return 0; }
  recv() { return E.ENOTCONN; }
  send() { return E.ENOTCONN; }
  shutdown() { return E.ENOTCONN; }
  accept() { return E.EINVAL; }
  error() { return 0; }
  name(peer) { return peer ? E.ENOTCONN : this.unbound(); }
  close() {}

  // getsockname of a socket not bound yet
  unbound() {
    return { family: this.family || AF.INET, host: this.family === AF.INET6 ? '::' : '0.0.0.0', port: 0 };
  }

  // Something Node delivered may make this socket ready.
  changed() {
    this.net.changed(this);
  }
}

function inet(net, host, port) {
  return { family: net.node.isIP(host) === 6 ? AF.INET6 : AF.INET, host, port };
}

/** A connection: made by connect(), or by a Listener for accept(). */
class Stream extends Sock {
  chunks = [];
  queued = 0;
  paused = false;       // reading stopped at RECV_LIMIT
  eof = false;
  err = 0;
  ended = false;        // shutdown_write
  addrs = null;         // unix sockets: { local, peer } paths

  constructor(net, family, socket, connected, addrs = null) {
    super(net, family);
    this.socket = socket;
    this.connected = connected;
    this.addrs = addrs;
    socket.on('data', (chunk) => {
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= RECV_LIMIT && !this.paused) {
        this.paused = true;
        socket.pause();
      }
      this.changed();
    });
    socket.on('end', () => {
      this.eof = true;
      this.changed();
    });
    socket.on('error', (e) => {
      this.err ||= failure(e);
      this.changed();
    });
    socket.on('connect', () => {
      this.connected = true;
      if (family !== AF.UNIX) socket.setNoDelay(true);    // asyncio sets TCP_NODELAY
      this.changed();
    });
    socket.on('drain', () => this.changed());
  }

  static connect(net, family, addr) {
    const socket = new net.node.Socket({ allowHalfOpen: true });
    const stream = new Stream(net, family, socket, false,
      addr.family === AF.UNIX ? { local: '', peer: addr.host } : null);
    socket.connect(addr.family === AF.UNIX ? { path: addr.host } : { host: addr.host, port: addr.port });
    return stream;
  }

  get writable() {
    const s = this.socket;
    return this.connected && !this.ended && s.writableLength < s.writableHighWaterMark;
  }

  ready() {
    return (this.chunks.length || this.eof || this.err ? READ : 0) | (this.err || this.writable ? WRITE : 0);
  }

  // Data first, then the error or EOF that came after it.
  recv(mem, buf, len) {
    if (!this.chunks.length) return this.err || (this.eof ? 0 : E.EAGAIN);
    const dst = mem.bytes(buf, len);
    let n = 0;
    while (n < len && this.chunks.length) {
      const chunk = this.chunks[0];
      const take = Math.min(chunk.length, len - n);
      dst.set(chunk.subarray(0, take), n);
      n += take;
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
    }
    this.queued -= n;
    if (this.paused && this.queued < RECV_LIMIT) {
      this.paused = false;
      this.socket.resume();
    }
    return n;
  }

  // Takes what fits under the socket's high-water mark, as a kernel buffer
  // takes what fits: -EAGAIN when full, so the C transport buffers and its
  // flow control pauses the writer.
  send(mem, buf, len) {
    if (this.err) return this.err;
    if (this.ended) return E.EPIPE;
    if (!this.connected) return E.ENOTCONN;
    const s = this.socket;
    const n = Math.min(len, s.writableHighWaterMark - s.writableLength);
    if (n <= 0) return E.EAGAIN;
    s.write(Buffer.from(mem.bytes(buf, n)));   // a copy: wasm memory changes under Node
    return n;
  }

  shutdown() {
    if (this.err) return this.err;
    if (!this.connected) return E.ENOTCONN;
    if (!this.ended) this.socket.end();
    this.ended = true;
    return 0;
  }

  error() {
    return this.err;
  }

  name(peer) {
    if (this.addrs) return { family: AF.UNIX, host: peer ? this.addrs.peer : this.addrs.local, port: 0 };
    const s = this.socket;
    if (peer) return s.remoteAddress ? inet(this.net, s.remoteAddress, s.remotePort) : E.ENOTCONN;
    return s.localAddress ? inet(this.net, s.localAddress, s.localPort) : this.unbound();
  }

  // As close(2): what C wrote still goes out (unless the connection
  // failed), then the socket closes; nothing more is read.
  close() {
    const s = this.socket;
    s.removeAllListeners('data');
    if (this.paused) s.resume();      // flowing with no listener: what comes is dropped
    if (this.connected && !this.err && s.writableLength > 0) {
      s.once('finish', () => s.destroy());
      if (!this.ended) s.end();
    } else {
      s.destroy();
    }
  }
}

/** A listening socket: Node accepts, and the connections wait here,
 *  not reading, until C accepts them. */
class Listener extends Sock {
  queue = [];
  listening = false;
  closed = false;
  err = 0;

  constructor(net, family, addr, backlog) {
    super(net, family);
    this.path = addr.family === AF.UNIX ? addr.host : null;
    const server = this.server = net.node.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    server.on('connection', (socket) => {
      if (this.path === null) socket.setNoDelay(true);
      this.queue.push(new Stream(net, family, socket, true, this.path === null ? null : { local: this.path, peer: '' }));
      this.changed();
    });
    server.on('listening', () => {
      if (this.closed) return server.close();   // closed while binding
      this.listening = true;
      this.changed();
    });
    server.on('error', (e) => {
      this.err ||= failure(e);
      this.changed();
    });
    server.listen(this.path !== null ? { path: this.path, backlog }
      : { host: addr.host, port: addr.port, backlog, ipv6Only: addr.family === AF.INET6 });
  }

  ready() {
    return (this.queue.length || this.err ? READ : 0) | (this.listening || this.err ? WRITE : 0);
  }

  accept(mem, peer) {
    const conn = this.queue.shift();
    if (!conn) {
      // an accept error (EMFILE) is the one accept's: the next one retries
      const err = this.listening ? this.err : 0;
      if (err) this.err = 0;
      return err || E.EAGAIN;
    }
    const id = this.net.add(conn);
    conn.socket.resume();
    const from = conn.name(true);      // gone already if the peer reset it
    this.net.writeAddr(peer, typeof from === 'number' ? conn.unbound() : from);
    return id;
  }

  // The bind's outcome, once it is writable.
  error() {
    return this.listening ? 0 : this.err;
  }

  name(peer) {
    if (peer) return E.ENOTCONN;
    if (this.path !== null) return { family: AF.UNIX, host: this.path, port: 0 };
    const a = this.server.address();
    return a ? inet(this.net, a.address, a.port) : this.unbound();
  }

  close() {
    this.closed = true;
    if (this.listening) this.server.close();
    for (const conn of this.queue) conn.socket.destroy();
    this.queue = [];
  }
}

/** A UDP socket.  connect() only records the peer: sends default to it and
 *  datagrams from elsewhere are dropped, as a connected UDP socket does. */
class Datagram extends Sock {
  messages = [];
  queued = 0;
  binding = false;
  bindErr = 0;
  err = 0;              // a send's, reported once by recv (error_received)
  remote = null;

  constructor(net, family) {
    super(net, family);
    const socket = this.socket = net.dgram.createSocket({
      type: family === AF.INET6 ? 'udp6' : 'udp4', ipv6Only: family === AF.INET6,
    });
    socket.on('message', (data, from) => {
      const r = this.remote;
      if (r && (from.port !== r.port || (net.node.isIP(r.host) && from.address !== r.host))) return;
      if (this.queued + data.length > DGRAM_LIMIT) return;
      this.messages.push({ data, from: inet(net, from.address, from.port) });
      this.queued += data.length;
      this.changed();
    });
    socket.on('listening', () => {
      this.binding = false;
      this.changed();
    });
    socket.on('error', (e) => {
      if (this.binding) {
        this.binding = false;
        this.bindErr = failure(e);
      } else {
        this.err ||= failure(e);
      }
      this.changed();
    });
  }

  bind(addr) {
    this.binding = true;
    this.socket.bind({ port: addr.port, address: addr.host, exclusive: true });
    return E.EINPROGRESS;
  }

  connect(addr) {
    this.remote = addr;
    return 0;
  }

  ready() {
    return (this.messages.length || this.err ? READ : 0) | (this.binding ? 0 : WRITE);
  }

  recv(mem, buf, len, from) {
    const m = this.messages.shift();
    if (!m) {
      const err = this.err;
      this.err = 0;
      return err || E.EAGAIN;
    }
    this.queued -= m.data.length;
    const n = Math.min(len, m.data.length);     // the rest is lost, as recvfrom truncates
    mem.bytes(buf, n).set(m.data.subarray(0, n));
    if (from) this.net.writeAddr(from, m.from);
    return n;
  }

  send(mem, buf, len, to) {
    const dest = to ? this.net.readAddr(to) : this.remote;
    if (!dest) return E.EDESTADDRREQ;
    this.socket.send(Buffer.from(mem.bytes(buf, len)), dest.port, dest.host, (e) => {
      if (!e) return;
      this.err ||= failure(e);
      this.changed();
    });
    return len;
  }

  error() {
    return this.bindErr;
  }

  name(peer) {
    if (peer) return this.remote ?? E.ENOTCONN;
    try {
      const a = this.socket.address();
      return inet(this.net, a.address, a.port);
    } catch {
      return this.unbound();   // not bound yet
    }
  }

  close() {
    try {
      this.socket.close();
    } catch {}                  // already closed by an error
  }
}

// ---- the table ------------------------------------------------------------------

/**
 * The sockets of one module instance, over sockets: { net, dgram }, Node's
 * modules of those names (js/node.js), or null, and then every call fails
 * with ENOSYS.  memory() returns the module's Memory (js/memory.js); poke()
 * asks the runtime to collect.
 */
export class Net {
  #table = new Map();
  #nextId = 3;
  #dirty = new Set();   // sockets that may be ready for what they are watched for
  #pass = null;         // the collect pass in progress
  #at = 0;
  #poked = false;
  #memory;
  #poke;

  constructor(sockets, memory, poke) {
    this.node = sockets?.net ?? null;
    this.dgram = sockets?.dgram ?? null;
    this.#memory = memory;
    this.#poke = poke;
  }

  /** Before a tick, which answers any poke: whether some socket may need
   *  collecting first. */
  beforeTick() {
    this.#poked = false;
    return this.#dirty.size > 0;
  }

  /** After a tick: whether a watched socket is still ready (C read part
   *  of what it holds, say), so the loop needs another tick. */
  pending() {
    for (const s of this.#dirty) {
      if (s.ready() & s.interest) return true;
      this.#dirty.delete(s);
    }
    return false;
  }

  /** Closes every socket: the module exited or failed. */
  closeAll() {
    for (const s of this.#table.values()) s.close();
    this.#table.clear();
    this.#dirty.clear();
  }

  add(s) {
    const id = this.#nextId++;
    this.#table.set(id, s);
    return id;
  }

  changed(s) {
    if (!s.interest) return;
    this.#dirty.add(s);
    if (!this.#poked && s.ready() & s.interest) {
      this.#poked = true;
      this.#poke();
    }
  }

  readAddr(ptr) {
    const mem = this.#memory();
    const view = mem.view;
    return {
      family: view.getInt32(ptr + SOCKADDR.family, true),
      port: view.getInt32(ptr + SOCKADDR.port, true),
      host: mem.cstring(ptr + SOCKADDR.host),
    };
  }

  writeAddr(ptr, { family, host, port }) {
    const mem = this.#memory();
    mem.view.setInt32(ptr + SOCKADDR.family, family, true);
    mem.view.setInt32(ptr + SOCKADDR.port, port, true);
    const room = SOCKADDR.SIZE - SOCKADDR.host;
    const dst = mem.bytes(ptr + SOCKADDR.host, room);
    dst.fill(0);
    dst.set(encoder.encode(host).subarray(0, room - 1));
  }

  // The collect pass: each call reports one ready watched socket (its
  // events into *events), 0 once there are no more.
  #next(events) {
    if (!this.#pass) {
      this.#pass = [...this.#dirty];
      this.#at = 0;
    }
    while (this.#at < this.#pass.length) {
      const s = this.#pass[this.#at++];
      const ready = s.ready() & s.interest;
      if (!ready) {
        this.#dirty.delete(s);
        continue;
      }
      this.#memory().view.setInt32(events, ready, true);
      return s.io;
    }
    this.#pass = null;
    this.#poked = false;
    return 0;
  }

  #watch(id, events, io) {
    const s = this.#table.get(id);
    if (!s) return 1;
    s.interest = events;
    s.io = io;
    if (events) this.#dirty.add(s);
    return 0;
  }

  #socket(family, type) {
    return this.add(type === SOCK_DGRAM ? new Datagram(this, family) : new Sock(this, family));
  }

  // A new stream connects, a new stream socket binds to listen: either
  // replaces the plain Sock under the same id.
  #connect(id, s, addr) {
    if (s instanceof Datagram) return s.connect(addr);
    if (s.constructor !== Sock) return E.EINVAL;
    this.#table.set(id, Stream.connect(this, s.family, addr));
    return E.EINPROGRESS;
  }

  #bind(id, s, addr, backlog) {
    if (s instanceof Datagram) return s.bind(addr);
    if (s.constructor !== Sock) return E.EINVAL;
    this.#table.set(id, new Listener(this, s.family, addr, backlog));
    return E.EINPROGRESS;
  }

  #close(id) {
    const s = this.#table.get(id);
    if (!s) return;
    this.#table.delete(id);
    this.#dirty.delete(s);
    s.interest = 0;
    s.close();
  }

  /** The "wasyncio" imports src/net/js.c declares.  No Node exception
   *  reaches C: each becomes the failure of the call. */
  imports() {
    const mem = () => this.#memory();
    const sock = (fn) => (id, ...args) => {
      const s = this.#table.get(id);
      return s ? fn(s, id, ...args) : E.EBADF;
    };
    const calls = {
      net_socket: (family, type) => this.#socket(family, type),
      net_connect: sock((s, id, addr) => this.#connect(id, s, this.readAddr(addr))),
      net_bind: sock((s, id, addr, backlog) => this.#bind(id, s, this.readAddr(addr), backlog)),
      net_accept: sock((s, id, peer) => s.accept(mem(), peer)),
      net_recv: sock((s, id, buf, len, from) => s.recv(mem(), buf, len, from)),
      net_send: sock((s, id, buf, len, to) => s.send(mem(), buf, len, to)),
      net_shutdown: sock((s) => s.shutdown()),
      net_close: (id) => this.#close(id),
      net_error: sock((s) => s.error()),
      net_name: sock((s, id, peer, out) => {
        const a = s.name(peer);
        if (typeof a === 'number') return a;
        this.writeAddr(out, a);
        return 0;
      }),
      net_ip: (host) => this.node.isIP(mem().cstring(host)),
    };
    const imports = {
      net_available: () => (this.node ? 1 : 0),
      watch: (id, events, io) => this.#watch(id, events, io),
      io_next: (events) => this.#next(events),
    };
    for (const [name, fn] of Object.entries(calls)) {
      imports[name] = (...args) => {
        if (!this.node) return E.ENOSYS;
        try {
          return fn(...args);
        } catch (e) {
          return failure(e);
        }
      };
    }
    return imports;
  }
}
