// Drives a page served by `glossa serve` in a real headless Chromium.
//
//   node serve-reload.mjs spec.json > report.json
//
// spec: {base, page, file, from, to, broken, search}. Opens `base + page`, waits for the
// injected script to connect, then edits `file` (replacing `from` with `to`, through a
// renamed temporary file, as editors save) and waits for the page to reload by itself
// with the new text. Then saves `broken` and waits for the error overlay, saves the
// good text again and waits for the overlay to go. Last, searches `search` on the
// /search/ page and reports the result links and which URLs the search fetched. The
// Rust test (tests/serve/browser.rs) decides.

import { readFile, writeFile, rename } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8'));
const report = { errors: [] };

async function save(text) {
  const tmp = spec.file.replace(/[^/]+$/, (name) => '.' + name + '.tmp');
  await writeFile(tmp, text);
  await rename(tmp, spec.file);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => report.errors.push(String(e)));
  const wait = { timeout: 10000 };

  await page.goto(spec.base + spec.page.replace(/^\//, ''));
  await page.waitForFunction(() => window.glossaServe && window.glossaServe.ready, null, wait);
  // A mark that a reload wipes out.
  await page.evaluate(() => { window.__beforeEdit = true; });
  const original = await readFile(spec.file, 'utf8');
  const edited = original.replace(spec.from, spec.to);
  const loads = [];
  page.on('load', () => loads.push(Date.now()));
  const saved = Date.now();
  await save(edited);
  await page.waitForFunction(
    (to) => !window.__beforeEdit && document.body.innerText.includes(to), spec.to, wait);
  report.reloaded = true;
  report.loads = loads.length;
  report.reloadMs = loads.length ? loads[0] - saved : null;

  await page.waitForFunction(() => window.glossaServe && window.glossaServe.ready, null, wait);
  await save(spec.broken);
  await page.waitForSelector('#glossa-error-overlay', wait);
  report.overlay = await page.textContent('#glossa-error-overlay');
  report.bodyWhileBroken = await page.evaluate(() => document.querySelector('main').innerText);
  await save(edited);
  await page.waitForSelector('#glossa-error-overlay', { state: 'detached', ...wait });
  report.overlayCleared = true;

  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(spec.base + 'search/?q=' + encodeURIComponent(spec.search));
  await page.waitForSelector('#search-results .hit-title', wait);
  report.results = await page.$$eval('#search-results .hit-title', (as) => as.map((a) => a.getAttribute('href')));
  report.fetched = fetched;
} catch (e) {
  report.errors.push(String(e && e.stack || e));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
