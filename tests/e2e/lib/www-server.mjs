// A static server for the built www page (dist/www), on 127.0.0.1 only. The www tests start it
// in-process on a random port; `./build.sh serve [port]` runs this file as a script:
//
//   node tests/e2e/lib/www-server.mjs <dir> [port]      (prints the URL, serves until Ctrl+C)
//
// Types are set by extension, so the wasm core gets `application/wasm` (which
// WebAssembly.instantiateStreaming requires) and module scripts a JavaScript type.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** The file under `root` that `pathname` names (a folder means its index.html), or null. */
function resolveFile(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch (e) {
    return null;
  }
  const file = path.resolve(root, `.${decoded}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null; // no way out of root
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return null;
  }
  if (stat.isDirectory()) return resolveFile(root, path.posix.join(decoded, 'index.html'));
  return stat.isFile() ? file : null;
}

/**
 * Serve `dir` on 127.0.0.1:`port` (0: any free port). Resolves to `{ port, url, close }`.
 * `onRequest(path)` hears every request (the tests watch for loads that must not happen).
 */
export async function startWwwServer(dir, port = 0, { onRequest } = {}) {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root} has no index.html: run ./build.sh first`);
  }
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://127.0.0.1').pathname;
    onRequest?.(pathname);
    const file = ['GET', 'HEAD'].includes(req.method) ? resolveFile(root, pathname) : null;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, portText = '8080'] = process.argv.slice(2);
  const port = Number(portText);
  if (!dir || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node tests/e2e/lib/www-server.mjs <dir> [port]');
    process.exit(2);
  }
  try {
    const { url } = await startWwwServer(dir, port);
    console.log(`serving ${dir} at ${url} (Ctrl+C stops)`);
  } catch (e) {
    console.error(`www-server: ${e.message}`);
    process.exit(1);
  }
}
