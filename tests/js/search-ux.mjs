// The search box and the search page in a real headless Chromium, as a reader uses them.
//
//   node search-ux.mjs spec.json > report.json
//
// spec: {dir (a built site), page (an entry page's path), query (one with results), axe
// (axe.min.js)}. The site is served by a local static server. Reported (the Rust test,
// tests/search_ux.rs, decides): which scripts load before and after the box is used; the
// combobox by keyboard (roles and states after each key) and by pointer; the popup's
// rectangle at 320, 768, 1024, 1280 and 1366 px; the cumulative layout shift of the
// search page as results arrive (desktop and phone); the colours of highlighted text;
// axe-core's violations in light and dark on the search page with results and on an
// entry page with the popup open.

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
async function open(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page };
}
const BOX = '#site-search-q', POPUP = '#site-search-q-results';
const scripts = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js')));
const popupOpen = (page) => page.waitForSelector(`${POPUP} [role=option]`, { state: 'visible', timeout: 20000 });
// The box's roles and states, and the popup's.
const state = (page) => page.evaluate(([box, popup]) => {
  const input = document.querySelector(box), out = document.querySelector(popup);
  const active = input.getAttribute('aria-activedescendant');
  const el = active && document.getElementById(active);
  return {
    role: input.getAttribute('role'), expanded: input.getAttribute('aria-expanded'),
    controls: input.getAttribute('aria-controls'), controlsExists: !!document.getElementById(input.getAttribute('aria-controls')),
    active, activeSelected: el ? el.getAttribute('aria-selected') : null,
    activeHref: el ? el.getAttribute('href') : null,
    options: out ? out.querySelectorAll('[role=option]').length : 0,
    visible: !!out && !out.hidden && out.getBoundingClientRect().height > 0,
    value: input.value, focused: document.activeElement === input,
    liveRegions: out ? out.querySelectorAll('[aria-live]').length + (out.hasAttribute('aria-live') ? 1 : 0) : 0,
  };
}, [BOX, POPUP]);
const report = {};

// Keyboard.
{
  const { context, page } = await open({ viewport: { width: 1280, height: 800 } });
  await page.goto(origin + spec.page);
  await page.waitForLoadState('load');
  report.scriptsBefore = await scripts(page);
  await page.focus(BOX);
  await page.keyboard.type(spec.query, { delay: 10 });
  await popupOpen(page);
  report.scriptsAfter = await scripts(page);
  const steps = { typed: await state(page) };
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp', 'Escape', 'ArrowDown']) {
    await page.keyboard.press(key);
    steps[Object.keys(steps).length + ':' + key] = await state(page);
  }
  const want = (await state(page)).activeHref;
  await Promise.all([page.waitForURL((u) => u.pathname === want), page.keyboard.press('Enter')]);
  steps.enter = { path: new URL(page.url()).pathname, want };
  report.keyboard = steps;
  await context.close();
}

// Pointer: a click outside closes, a click on an option opens it.
{
  const { context, page } = await open({ viewport: { width: 1280, height: 800 } });
  await page.goto(origin + spec.page);
  await page.click(BOX);
  await page.keyboard.type(spec.query);
  await popupOpen(page);
  const opened = await state(page);
  await page.mouse.click(5, 400);
  const outside = await state(page);
  await page.click(BOX);
  await page.keyboard.type(' ');
  await popupOpen(page);
  const href = await page.getAttribute(`${POPUP} [role=option] >> nth=1`, 'href');
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.click(`${POPUP} [role=option] >> nth=1`)]);
  report.pointer = { opened, outside, clicked: { path: new URL(page.url()).pathname, want: href } };
  await context.close();
}

// The popup inside the viewport at every width.
report.bounds = [];
for (const width of [320, 768, 1024, 1280, 1366]) {
  const { context, page } = await open({ viewport: { width, height: 800 } });
  await page.goto(origin + spec.page);
  await page.click(BOX);
  await page.keyboard.type(spec.query);
  await popupOpen(page);
  await page.waitForTimeout(100);
  report.bounds.push(await page.evaluate((popup) => {
    const r = document.querySelector(popup).getBoundingClientRect();
    return { width: innerWidth, client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth,
      left: r.left, right: r.right };
  }, POPUP));
  await context.close();
}

// Layout shift of the search page as results arrive.
report.cls = {};
for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 700 }]]) {
  const { context, page } = await open({ viewport });
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${origin}/search/?q=${encodeURIComponent(spec.query)}`);
  await page.waitForSelector('#search-results .hit-title');
  await page.waitForTimeout(500);
  report.cls[name] = await page.evaluate(() => window.__cls);
  await context.close();
}

// The facet chips: counts, a click filters, the filter is in the URL and survives a reload.
{
  const { context, page } = await open({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${origin}/search/?q=${encodeURIComponent(spec.query)}`);
  await page.waitForSelector('#search-results .search-facets');
  const read = () => page.evaluate(() => ({
    total: document.querySelector('#search-results .search-summary').textContent,
    hits: Array.from(document.querySelectorAll('#search-results .hit-title')).map((a) => a.getAttribute('href')),
    chips: Array.from(document.querySelectorAll('#search-results .facet')).map((g) => ({
      label: g.getAttribute('aria-label'),
      chips: Array.from(g.querySelectorAll('.chip')).map((c) => ({ text: c.textContent, pressed: c.getAttribute('aria-pressed') })),
    })),
    url: location.search,
  }));
  const asked = await read();
  await page.click('#search-results .chip--more');
  await page.waitForSelector('#search-results .facet[aria-label=Area]');
  const before = await read();
  const chip = page.locator(`#search-results .facet[aria-label=Area] .chip`, { hasText: spec.area });
  const chipText = await chip.textContent();
  await chip.click();
  await page.waitForFunction(() => location.search.includes('area='));
  await page.waitForFunction((t) => {
    const b = document.querySelector('#search-results .facet[aria-label=Area] .chip[aria-pressed=true]');
    return b && b.textContent === t;
  }, chipText);
  const filtered = await read();
  await page.reload();
  await page.waitForSelector('#search-results .search-facets');
  const reloaded = await read();
  report.facets = { asked, before, chipText, filtered, reloaded };
  await context.close();
}

// Light and dark: highlight colours and axe-core, on the results page and with the popup open.
report.themes = {};
for (const scheme of ['light', 'dark']) {
  const { context, page } = await open({ viewport: { width: 1024, height: 768 }, colorScheme: scheme });
  const axe = async () => {
    await page.addScriptTag({ path: spec.axe });
    return page.evaluate(async () => (await window.axe.run(document)).violations
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })));
  };
  await page.goto(`${origin}/search/?q=${encodeURIComponent(spec.query)}`);
  await page.waitForSelector('#search-results mark');
  const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => {
    let bg = 'rgba(0, 0, 0, 0)', el = m;
    const fg = getComputedStyle(m).color;
    bg = getComputedStyle(el).backgroundColor;
    return { fg, bg };
  }));
  const pageAxe = await axe();
  await page.goto(origin + spec.page);
  await page.click(BOX);
  await page.keyboard.type(spec.query);
  await popupOpen(page);
  await page.keyboard.press('ArrowDown');
  const popupAxe = await axe();
  report.themes[scheme] = { marks, page: pageAxe, popup: popupAxe };
  await context.close();
}

report.errors = errors;
await browser.close();
server.close();
process.stdout.write(JSON.stringify(report));
