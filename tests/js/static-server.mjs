// A static file server for a built site, on 127.0.0.1 and a free port, as the browser
// tests need it: `index.html` for folders, the site's `404.html` (else "not found") for
// anything missing, nothing outside the folder.
//
//   const server = await serve(dir, { prefix: '/docs/', gzip: true, maxAge: 600 });
//   const origin = originOf(server);   // http://127.0.0.1:PORT
//
// Options: `prefix`, the path the site is served under (default `/`); `gzip`, compress
// text files for clients that accept it, as static hosts do (default off); `maxAge`, a
// `cache-control: max-age` in seconds (default none).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, normalize, extname } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream', '.webp': 'image/webp', '.png': 'image/png',
};
const TEXT = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml', '.txt']);

export function serve(dir, { prefix = '/', gzip = false, maxAge = null } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const path = normalize(join(dir, rel));
    if (!path.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
      let body = await readFile(path);
      const ext = extname(path);
      const headers = { 'content-type': TYPES[ext] || 'application/octet-stream' };
      if (maxAge !== null) headers['cache-control'] = `max-age=${maxAge}`;
      if (gzip && TEXT.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      const notFound = await readFile(join(dir, '404.html')).catch(() => Buffer.from('not found'));
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(notFound);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export const originOf = (server) => `http://127.0.0.1:${server.address().port}`;
