// Sockets under Node through the npm package's loader: the C streams,
// servers and datagrams of tests/js/net.c over node:net and node:dgram, on
// 127.0.0.1, with C or Node at the other end; drain's backpressure; server
// close; a blocking main() (Asyncify) with sockets; Node exiting by itself
// once C has closed everything; and the ENOSYS refusal without node:net.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';

import { root } from '../../tools/targets.mjs';
import { describeBuilt } from './built.mjs';
import { WasyncioError, load, run as runModule } from '../../js/node.js';
import { NET_ERRORS, Net } from '../../js/net.js';

const wasm = (name) => join(root, `build/js/${name}.wasm`);
const needs = ['net', 'net_echo'].map((m) => ['node', `build/js/${m}.wasm`]);

// A Node TCP server on 127.0.0.1 running handler per connection; resolves
// with it once it listens.
function nodeServer(handler) {
  const server = createServer({ allowHalfOpen: true }, handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Sends data with a Node client to port, ends, and resolves with all it read.
function nodeClient(port, data) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const c = connect({ port, host: '127.0.0.1' }, () => c.end(data));
    c.on('data', (d) => chunks.push(d));
    c.on('end', () => resolve(Buffer.concat(chunks).toString()));
    c.on('error', reject);
  });
}

// A port nothing listens on: one a Node server had.
async function closedPort() {
  const server = await nodeServer(() => {});
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describeBuilt('sockets under Node', needs, { timeout: 120_000 }, () => {
  // JS functions C calls: listening(port) hands the port of a C server to
  // whichever test waits for it; blocked(bytes) is set per test.
  let rt, baseline, onListening = null, onBlocked = null;
  const listening = () => new Promise((resolve) => { onListening = resolve; });

  before(async () => {
    rt = await load(wasm('net'), {
      functions: {
        listening: (port) => onListening(port),
        blocked: (written) => onBlocked(written),
      },
    });
    baseline = rt.liveObjects;
  });

  after(() => assert.equal(rt.liveObjects, baseline, 'C futures, tasks or handles leaked'));

  test('a C echo server and a C client', async () => {
    assert.equal(await rt.tasks.roundtrip(),
      'listening 1|line 0|line 1|line 2|peer 127.0.0.1 1|sockname 127.0.0.1 1|eof 0 1|closed');
  });

  test('a C client against a node:net server', async () => {
    const server = await nodeServer((c) => c.pipe(c));     // echoes, and ends when the client does
    try {
      const { port } = server.address();
      assert.equal(new TextDecoder().decode(await rt.tasks.client(port, 'hello from C')), 'hello from C');
      // more than one read's worth, both ways
      const big = new Uint8Array(1 << 20).map((_, i) => (i * 7) & 0xff);
      assert.deepEqual(await rt.tasks.client(port, big), big);
    } finally {
      server.close();
    }
  });

  test('node:net clients against a C server', async () => {
    const port = listening();
    const served = rt.tasks.serve(0, 2);
    const p = await port;
    const replies = await Promise.all([nodeClient(p, 'a\nb\n'), nodeClient(p, 'one line\n')]);
    assert.deepEqual(replies, ['a\nb\n', 'one line\n']);
    assert.equal(await served, 2);
  });

  test('connecting to a closed port raises ConnectionRefusedError', async () => {
    const port = await closedPort();
    await assert.rejects(rt.tasks.client(port, 'x'), (e) => {
      assert.ok(e instanceof WasyncioError);
      assert.equal(e.name, 'ConnectionRefusedError');
      assert.match(e.message, new RegExp(`^\\[Errno \\d+\\] Connect call failed \\('127\\.0\\.0\\.1', ${port}\\)$`));
      return true;
    });
  });

  test('a name that does not resolve raises socket.gaierror as CPython words it', async () => {
    await assert.rejects(rt.tasks.client(80, 'x', 'nosuch.invalid'), (e) => {
      assert.ok(e instanceof WasyncioError);
      assert.equal(e.name, 'gaierror');
      assert.equal(e.message, '[Errno -2] Name or service not known');
      return true;
    });
  });

  test('binding a port in use raises OSError as asyncio words it', async () => {
    assert.equal(await rt.tasks.bind_in_use(), 'OSError errno 1|message ok');
  });

  test('drain blocks while a C peer does not read, and nothing is lost', async () => {
    assert.equal(await rt.tasks.pressure(), 'blocked 1, buffered at most high water + one write|server got it all 1');
  });

  test('drain blocks while a node:net peer does not read, and nothing is lost', async () => {
    let paused, received = 0;
    const server = await nodeServer((c) => {
      c.pause();
      paused = c;
      c.on('data', (d) => { received += d.length; });
      c.on('end', () => c.end(`got ${received}`));
    });
    try {
      onBlocked = () => { paused.resume(); };    // C's writer is stuck: let it through
      const [text, written] = await rt.tasks.pressure_to(server.address().port);
      assert.equal(text, `blocked 1, buffered at most high water + one write|reply got ${written}`);
      assert.equal(received, written);
    } finally {
      server.close();
    }
  });

  test('closing a server leaves its connections until close_clients', async () => {
    assert.equal(await rt.tasks.close_with_clients(),
      'serving 0|echo still|wait_closed TimeoutError|client sees eof 1');
  });

  test('an echo over a unix-domain socket', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wasyncio-net-'));
    try {
      assert.equal(await rt.tasks.unix(join(dir, 'echo.sock')), 'listening 1|over unix|peer is the path 1|closed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('UDP round trip between C endpoints', async () => {
    assert.equal(await rt.tasks.udp(), 'bound 1|ONE from 127.0.0.1 1|TWO from 127.0.0.1 1|THREE from 127.0.0.1 1');
  });

  test('UDP round trip between a node:dgram client and a C endpoint', async () => {
    let release;
    const port = new Promise((resolve) => {
      onListening = (p) => {
        resolve(p);
        return new Promise((r) => { release = r; });     // C serves until this resolves
      };
    });
    const served = rt.tasks.udp_serve();
    const client = createSocket('udp4');
    try {
      const reply = new Promise((resolve) => client.once('message', (m, from) => resolve([m.toString(), from.port])));
      const p = await port;
      client.send('ping', p, '127.0.0.1');
      assert.deepEqual(await reply, ['PING', p]);
    } finally {
      client.close();
      release?.();
    }
    await served;
  });
});

describeBuilt('sockets and the process', needs, { timeout: 60_000 }, () => {
  test('Node stays alive while a C server listens and exits by itself once C closed it', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import { load } from ${JSON.stringify(join(root, 'js/node.js'))};
      const rt = await load(${JSON.stringify(wasm('net'))}, { functions: { listening: (port) => console.log(port) } });
      console.log('served', await rt.tasks.serve(0, 1));`]);
    let stdout = '', stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const port = await new Promise((resolve) => child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) resolve(Number(stdout.split('\n')[0]));
    }));
    // the child does nothing but wait on the C server: it answers whenever we come
    assert.equal(await nodeClient(port, 'still there?\n'), 'still there?\n');
    assert.equal(await exited, 0, stderr);
    assert.equal(stdout, `${port}\nserved 1\n`);
  });

  test('a blocking main() (Asyncify) runs a server and a client', async () => {
    const lines = [];
    const status = await runModule(wasm('net_echo'), { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) });
    assert.deepEqual(lines, ['echo: first', 'echo: second', 'closed']);
    assert.equal(status, 0);
  });

  test('without node:net (a browser) every socket call fails with ENOSYS', async () => {
    const net = new Net(null, () => null, () => {});
    const calls = net.imports();
    assert.equal(calls.net_available(), 0);
    const enosys = -NET_ERRORS.indexOf('ENOSYS');
    assert.equal(calls.net_socket(1, 1), enosys);
    assert.equal(calls.net_connect(3, 0), enosys);
    assert.equal(calls.net_ip(0), enosys);
  });
});
