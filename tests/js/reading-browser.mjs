// Reads a built glossa site in a real headless Chromium, the way its readers do.
//
//   node reading-browser.mjs spec.json > report.json
//
// The spec gives `dir` (a build), `pages` (page kind → path), `term` (a long entry's
// path: contents, a wide table, a drawing, an aside) and `axe` (axe.min.js). The site is
// served from a local static server started here. For every width of `widths` and both
// colour schemes, every page is measured for horizontal overflow and checked by axe-core
// (the term with its contents and its aside opened too); the term is then printed (print
// media and Chromium's PDF). The report says what was seen; the Rust test
// (tests/reading_browser.rs) decides.

import { serve, originOf } from './static-server.mjs';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8'));

const server = await serve(spec.dir);
const origin = originOf(server);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const errors = [];
const axeSource = await readFile(spec.axe, 'utf8');

async function open(context, path) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${path}: ${e}`));
  // The 404 page is served with its status, which Chromium logs: expected there only.
  page.on('console', (m) => {
    if (m.type() === 'error' && !(path === spec.pages['404'] && m.text().includes('404 (Not Found)'))) {
      errors.push(`${path}: ${m.text()}`);
    }
  });
  await page.goto(origin + path, { waitUntil: 'load' });
  await page.waitForTimeout(150);
  return page;
}

// How far the page reaches past the viewport's width, and the elements that do.
const overflow = (page) => page.evaluate(() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1 && !el.closest('.table-wrap, pre, .visually-hidden')) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className}`);
      if (wide.length >= 5) break;
    }
  }
  return { excess: doc.scrollWidth - width, wide };
});

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
}

// The term's reading aids: contents, heading links, table region, aside, drawing.
const termState = (page) => page.evaluate(() => {
  const q = (s) => document.querySelector(s);
  const wrap = q('.table-wrap');
  const anchor = q('.content h2 .heading-anchor');
  const aside = q('.entry-aside');
  const img = q('.content img, .hero img');
  return {
    toc: q('.toc--entry details') ? { open: q('.toc--entry details').open, items: document.querySelectorAll('.toc--entry li').length } : null,
    tableRegion: wrap ? {
      role: wrap.getAttribute('role'), tabindex: wrap.tabIndex, label: wrap.getAttribute('aria-label'),
      scrolls: wrap.scrollWidth > wrap.clientWidth, background: getComputedStyle(wrap).backgroundImage,
    } : null,
    anchor: anchor ? { href: anchor.getAttribute('href'), label: anchor.getAttribute('aria-label'), opacity: getComputedStyle(anchor).opacity } : null,
    aside: aside ? { height: aside.getBoundingClientRect().height, open: aside.querySelector('details')?.open ?? null, bodyVisible: aside.querySelector('.aside-body')?.checkVisibility() ?? false } : null,
    imageFilter: img ? getComputedStyle(img).filter : null,
    lede: !!q('.entry-header .lede'),
    scrollWidth: document.documentElement.scrollWidth,
  };
});

const report = { errors, views: [] };
for (const width of spec.widths) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    for (const [kind, path] of Object.entries(spec.pages)) {
      const page = await open(context, path);
      const view = { width, scheme, kind, path, overflow: await overflow(page), violations: await axe(page) };
      if (path === spec.term) {
        view.closed = await termState(page);
        // Keyboard focus shows a heading's link to itself.
        await page.focus('.content h2 .heading-anchor');
        view.focusedAnchor = await termState(page).then((s) => s.anchor);
        await page.click('.toc--entry summary');
        const summary = page.locator('.aside-details summary');
        if (await summary.isVisible() && await summary.evaluate((s) => getComputedStyle(s).pointerEvents !== 'none')) {
          await summary.click();
        }
        await page.waitForTimeout(100);
        view.opened = await termState(page);
        view.openedOverflow = await overflow(page);
        view.openedViolations = await axe(page);
      }
      report.views.push(view);
      await page.close();
    }
    await context.close();
  }
}

// Print: the term under print media, then as Chromium's PDF (A4).
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await open(context, spec.term);
  await page.emulateMedia({ media: 'print' });
  const seen = await page.evaluate(() => {
    const shown = (s) => [...document.querySelectorAll(s)].some((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
    return {
      text: document.body.innerText,
      shown: Object.fromEntries(['header.site-header', 'footer.site-footer', '.breadcrumbs', '.entry-aside', '.toc', '.referenced-by', 'article h1', '.print-url', '.content', '.skip-link', 'form'].map((s) => [s, shown(s)])),
    };
  });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  report.print = { ...seen, pdfPages: pages, pdfBytes: pdf.length };
  await context.close();
}

await browser.close();
server.close();
process.stdout.write(JSON.stringify(report));
