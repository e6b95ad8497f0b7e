// A tiny static server for the fixture pages: `/` of each case's host name serves its
// page.html, routed by the Host header. Browsers reach it under the real-looking names:
// Chromium through --host-resolver-rules, Firefox through an HTTP proxy setting (the server
// also accepts proxy-style absolute URLs), so page URLs carry no port.
import http from 'node:http';

/** Start serving `cases` on 127.0.0.1 at a random port. Resolves to { port, hosts, close }. */
export async function startFixtureServer(cases) {
  const byHost = new Map(cases.map((c) => [c.host, c]));
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const fixture = byHost.get(host);
    const pathname = new URL(req.url, `http://${host || 'unknown'}`).pathname;
    if (!fixture || pathname !== '/' || !['GET', 'HEAD'].includes(req.method)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': fixture.html.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : fixture.html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    hosts: [...byHost.keys()],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
