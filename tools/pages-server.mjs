// tools/pages-server.mjs — the local web server examples/fetch_pages.c
// downloads from: GET /page/N answers after a delay (N's latency, 30 to
// 200 ms, so a limit of three downloads at a time is visible) with a body of
// pageLength(N) bytes.  It counts the requests in flight, so a test can check
// the client's limit from the server's side too.
//
//   node tools/pages-server.mjs [PORT]     serves until killed (PORT 0: any)
//   import { startPagesServer } from './pages-server.mjs'
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

// Seconds, as examples/rate_limit.c's latencies: page N waits latency[N % 10].
const latency = [0.12, 0.05, 0.20, 0.08, 0.15, 0.03, 0.10, 0.06, 0.18, 0.04];

export const pageLength = (n) => 500 + 97 * n;

export function pageBody(n) {
  const head = `page ${n}\n`;
  return head + 'x'.repeat(pageLength(n) - head.length - 1) + '\n';
}

/*
 * Listens on 127.0.0.1:port (0: a free one).  Resolves with { port, stats,
 * close() }: stats.inFlight and stats.maxInFlight count requests being
 * answered, stats.served maps each path served to its body's length.
 */
export function startPagesServer(port = 0) {
  const stats = { inFlight: 0, maxInFlight: 0, served: new Map() };
  const server = createServer((req, res) => {
    const m = /^\/page\/(\d{1,4})$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 10 }).end('not found\n');
      return;
    }
    const n = Number(m[1]);
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    setTimeout(() => {
      const body = pageBody(n);
      stats.inFlight--;
      stats.served.set(req.url, body.length);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length }).end(body);
    }, latency[n % latency.length] * 1000);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        stats,
        close: () => new Promise((done) => { server.close(done); server.closeAllConnections?.(); }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port } = await startPagesServer(Number(process.argv[2] ?? 0));
  console.log(`serving http://127.0.0.1:${port}/page/0 ... /page/9999`);
}
