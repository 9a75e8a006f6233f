#!/usr/bin/env node
// A tiny static file server for the intranet example and the browser tests.
//
//   node bindings-wasm/tools/serve.mjs [--root DIR] [--port 8000] [--timeout SECONDS]
//
// Bounded on purpose: listens on 127.0.0.1 only, answers GET and HEAD only, serves files under
// the root only (no directory listings), and stops by itself after --timeout seconds (default
// 3600; 0 = never). The root defaults to the repository root, so the example is at
// http://127.0.0.1:8000/bindings-wasm/examples/intranet/index.html
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Starts the server; resolves to `{ url, close }` (url without a trailing slash).
 * @param {{root?: string, port?: number, timeoutSeconds?: number, log?: boolean}} [options]
 */
export function serve({ root, port = 0, timeoutSeconds = 3600, log = false } = {}) {
  const base = resolve(root ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  const server = createServer((req, res) => {
    const done = (status, message) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${status} ${message}\n`);
      if (log) console.log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return done(400, 'bad request');
    }
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return done(403, 'forbidden');
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        file = join(file, 'index.html');
        stat = statSync(file);
      }
    } catch {
      return done(404, 'not found');
    }
    if (!stat.isFile()) return done(404, 'not found');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (log) console.log(`200 ${req.method} ${req.url}`);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxConnections = 64;
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      let timer = null;
      const close = () =>
        new Promise((done) => {
          if (timer) clearTimeout(timer);
          server.closeAllConnections?.();
          server.close(() => done());
        });
      if (timeoutSeconds > 0) {
        timer = setTimeout(() => {
          if (log) console.log(`stopping after ${timeoutSeconds} s`);
          close();
        }, timeoutSeconds * 1000);
        timer.unref();
      }
      ok({ url: `http://127.0.0.1:${server.address().port}`, close, server });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
  };
  const timeoutSeconds = Number(arg('timeout', 3600));
  const { url, server } = await serve({ root: arg('root'), port: Number(arg('port', 8000)), timeoutSeconds, log: true });
  server.on('close', () => process.exit(0));
  // Keep the process alive for the timer even though it is unref'd.
  if (timeoutSeconds > 0) setTimeout(() => {}, timeoutSeconds * 1000 + 1000);
  console.log(`serving ${resolve(arg('root', join(dirname(fileURLToPath(import.meta.url)), '..', '..')))} at ${url}/`);
  console.log(`intranet example: ${url}/bindings-wasm/examples/intranet/index.html`);
  console.log(timeoutSeconds > 0 ? `stops by itself after ${timeoutSeconds} s (Ctrl-C to stop now)` : 'Ctrl-C to stop');
}
