// The relevance set in a real headless Chromium: each query is entered into the search
// page's box of a built site, served here by a local static server (gzip for text files,
// as hosts do), and the result links are read back.
//
//   node search-relevance.mjs <public dir> queries.txt > results.ndjson
//
// One JSON line per query: {q, top: [hrefs of the first three results], suggestions:
// [hrefs of the suggestion links when nothing is found]}. tests/search_relevance.rs decides.

import { serve, originOf } from './static-server.mjs';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const dir = process.argv[2];
const queries = (await readFile(process.argv[3], 'utf8')).split('\n').filter(Boolean);
const server = await serve(dir, { gzip: true });
const origin = originOf(server);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const errors = [];
const page = await browser.newPage();
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(`${origin}/search/`);
for (const q of queries) {
  await page.fill('#search-input', '');
  await page.fill('#search-input', q);
  await page.waitForFunction((want) => {
    const el = document.querySelector('#search-results');
    return el && el.dataset.query === want;
  }, q.trim(), { timeout: 20000 });
  const top = await page.$$eval('#search-results .hit-title', (as) => as.slice(0, 3).map((a) => a.getAttribute('href')));
  const suggestions = await page.$$eval('#search-results .search-suggest a', (as) => as.map((a) => a.getAttribute('href')));
  process.stdout.write(JSON.stringify({ q, top, suggestions }) + '\n');
}
await browser.close();
server.close();
if (errors.length) {
  process.stderr.write(errors.join('\n') + '\n');
  process.exit(1);
}
