// Drives the browser search of built glossa sites in a real headless Chromium.
//
//   node search-browser.mjs spec.json > report.json
//
// The spec lists sites ({name, dir, prefix, queries: [{q, kind}], page, term}); each is
// served from a local static server started here (gzip for text files, as static hosts
// do). Each query is entered into the search box of the /search/ page of a fresh browser
// context (empty cache), then entered again (index files cached), then typed key by key;
// the report gives, per query, the result paths (entered and typed), the bytes fetched
// for the query (script included) and the keystroke-to-results time once cached. Checks of ?q=, the kind filter, the header box and pages with
// JavaScript disabled are reported too. The Rust test (tests/search_browser.rs) decides.

import { serve, originOf } from './static-server.mjs';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8'));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const errors = [];

async function newPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page };
}

// Counts what the search costs: the script and every file under search/ but the page.
function track(page, prefix) {
  const fetched = [];
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url());
    const rel = url.pathname.slice(prefix.length);
    if (!/^search(-[a-z]+)?\.js$/.test(rel) && !(rel.startsWith('search/') && rel !== 'search/')) return;
    const sizes = await request.sizes();
    const response = await request.response();
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    fetched.push({ path: rel, transfer: sizes.responseBodySize + sizes.responseHeadersSize, body: sizes.responseBodySize, decoded: body.length });
  });
  return fetched;
}

async function waitFor(page, selector, query) {
  await page.waitForFunction(([sel, q]) => {
    const el = document.querySelector(sel);
    return el && el.dataset.query === q;
  }, [selector, query.trim()], { timeout: 20000 });
}

const hrefs = (page, selector) => page.$$eval(selector, (as) => as.map((a) => a.getAttribute('href')));

async function runQuery(site, origin, { q, kind }) {
  const { context, page } = await newPage();
  const fetched = track(page, site.prefix);
  const kindParam = kind ? `?kind=${kind}` : '';
  await page.goto(`${origin}${site.prefix}search/${kindParam}`);
  await page.waitForFunction(() => window.glossaSearch);
  // One query, entered at once: what it costs from an empty cache.
  await page.fill('#search-input', q);
  await waitFor(page, '#search-results', q);
  await page.waitForTimeout(50); // let late request events land
  const cost = fetched.splice(0);
  const top = await hrefs(page, '#search-results .hit-title');
  const total = await page.$eval('#search-results .search-summary', (p) => p.textContent);
  const corrections = total.startsWith('No match for') ? total : null;
  // Keystroke to results with the index files cached: the query entered again.
  const warm = [];
  for (let i = 0; i < 2; i++) {
    await page.fill('#search-input', '');
    await page.fill('#search-input', q);
    await waitFor(page, '#search-results', q);
    warm.push(Number(await page.$eval('#search-results', (el) => el.dataset.ms)));
  }
  // Typed key by key, as a reader does: the results as you type end the same.
  await page.fill('#search-input', '');
  await page.locator('#search-input').pressSequentially(q, { delay: 20 });
  await waitFor(page, '#search-results', q);
  const typed = await hrefs(page, '#search-results .hit-title');
  await page.waitForTimeout(50);
  await context.close();
  const sum = (k) => cost.reduce((n, f) => n + f[k], 0);
  return {
    q, kind: kind || null, top: top.slice(0, 10), typed: typed.slice(0, 10), summary: total, corrections,
    transfer: sum('transfer'), body: sum('body'), decoded: sum('decoded'),
    files: cost.map((f) => `${f.path} ${f.transfer}`), typed_transfer: fetched.reduce((n, f) => n + f.transfer, 0),
    warm_ms: warm,
  };
}

async function checks(site, origin) {
  const out = {};
  const base = origin + site.prefix;
  // /search/?q=… (the SearchAction target) runs the query on load.
  {
    const { context, page } = await newPage();
    await page.goto(`${base}search/?q=${encodeURIComponent(site.page.q)}`);
    await waitFor(page, '#search-results', site.page.q);
    out.qparam = { value: await page.inputValue('#search-input'), top: await hrefs(page, '#search-results .hit-title') };
    await page.goto(`${base}search/?q=${encodeURIComponent(site.page.q)}&kind=${site.page.kind}`);
    await waitFor(page, '#search-results', site.page.q);
    out.kind = {
      selected: await page.inputValue('#search-kind'),
      badges: await page.$$eval('#search-results .badge', (b) => b.map((x) => x.textContent)),
    };
    await context.close();
  }
  // The header box on an entry page shows results as you type.
  {
    const { context, page } = await newPage();
    await page.goto(`${base}${site.term}`);
    await page.locator('#site-search-q').pressSequentially(site.page.q, { delay: 15 });
    await waitFor(page, '#site-search-q-results', site.page.q);
    out.header = {
      visible: await page.isVisible('#site-search-q-results'),
      top: await hrefs(page, '#site-search-q-results [role=option]'),
      more: await page.getAttribute('#site-search-q-results .search-more a', 'href'),
      marked: await page.$$eval('#site-search-q-results mark', (m) => m.length),
    };
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await waitFor(page, '#search-results', site.page.q);
    out.header.submitted = await hrefs(page, '#search-results .hit-title');
    await context.close();
  }
  // Without JavaScript: pages still read, and the search page says what to do instead.
  {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${base}search/?q=${encodeURIComponent(site.page.q)}`);
    const notice = page.locator('p.notice', { hasText: 'Search needs JavaScript' });
    out.nojs = {
      notice: await notice.isVisible(),
      az: await notice.locator('a').getAttribute('href'),
    };
    await page.goto(`${base}${site.term}`);
    out.nojs.term_title = await page.textContent('h1');
    out.nojs.header_form = await page.getAttribute('form.search-form--header', 'action');
    await context.close();
  }
  return out;
}

const report = { sites: [] };
try {
  for (const site of spec.sites) {
    const server = await serve(site.dir, { prefix: site.prefix, gzip: true, maxAge: 600 });
    const origin = originOf(server);
    try {
      const queries = [];
      for (const query of site.queries) queries.push(await runQuery(site, origin, query));
      report.sites.push({ name: site.name, queries, checks: site.page ? await checks(site, origin) : null });
    } finally {
      server.close();
    }
  }
} finally {
  report.errors = errors;
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1));
