// A tiny static server for the fixture pages: `/` of each case's host name serves its
// page.html, routed by the Host header. Browsers reach it under the real-looking names:
// Chromium through --host-resolver-rules, Firefox through an HTTP proxy setting (the server
// also accepts proxy-style absolute URLs), so page URLs carry no port.
// `/<name>.html` serves another page of the case's directory (frames); an optional
// `headers.json` there adds response headers to every page of the case (a strict CSP).
// Every request is logged in `requests` ({ method, host, path }), so a test can tell whether
// anything but the fixture pages was asked for.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** The body of `pathname` for `fixture`, or null: `/` is page.html, `/x.html` another page. */
function fixtureFile(fixture, pathname) {
  if (pathname === '/') return fixture.html;
  const name = pathname.slice(1);
  if (!/^[a-z0-9-]+\.html$/.test(name) || name === 'page.html') return null;
  const file = path.join(fixture.dir, name);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

/** The extra response headers of a fixture (its headers.json), or none. */
function fixtureHeaders(fixture) {
  const file = path.join(fixture.dir ?? '', 'headers.json');
  return fixture.dir && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/** Start serving `cases` on 127.0.0.1 at a random port. Resolves to { port, hosts, requests, close }. */
export async function startFixtureServer(cases) {
  const byHost = new Map(cases.map((c) => [c.host, c]));
  const requests = [];
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const fixture = byHost.get(host);
    const pathname = new URL(req.url, `http://${host || 'unknown'}`).pathname;
    requests.push({ method: req.method, host, path: pathname });
    const body = fixture && ['GET', 'HEAD'].includes(req.method) ? fixtureFile(fixture, pathname) : null;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, {
      ...fixtureHeaders(fixture),
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  // Firefox asks its proxy (this server) to tunnel https: log the attempt and refuse it.
  server.on('connect', (req, socket) => {
    requests.push({ method: 'CONNECT', host: req.url, path: '' });
    socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    hosts: [...byHost.keys()],
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
