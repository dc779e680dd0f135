// Drives the link previews of a built glossa site in a real headless Chromium.
//
//   node previews-browser.mjs spec.json > report.json
//
// The spec gives `dir` (a build with previews on), `off` (the same site built with
// `[links] previews = false`), `page` (an entry page), `link` (the path of an entry its
// body links to automatically) and `axe` (axe.min.js). Each site is served from a local
// static server started here. The report says what was seen, by hover, keyboard focus
// and tap, at 320 px, in light and dark, with the card open under axe-core, without
// JavaScript and with previews off; the Rust test (tests/previews_browser.rs) decides.

import { serve, originOf } from './static-server.mjs';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8'));

const on = await serve(spec.dir);
const off = await serve(spec.off);
const origin = originOf;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const errors = [];
const report = { errors };

async function open(options = {}, server = on, path = spec.page) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(origin(server) + path, { waitUntil: 'load' });
  await page.waitForTimeout(100);
  return { context, page };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Waits until a (smooth) scroll the last key caused has ended.
async function settle(page) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    await sleep(40);
    const y = await page.evaluate(() => scrollY);
    if (y === last) return;
    last = y;
  }
}
// The body's link (the page also lists the entry under "Referenced by").
const LINK = `main .content a[href="${spec.link}"]`;

// What the card shows, where it is, and which link points at it.
const cardState = (page) => page.evaluate(() => {
  const card = document.getElementById('glossa-preview');
  const described = [...document.querySelectorAll('[aria-describedby~="glossa-preview"]')];
  const active = document.activeElement?.getAttribute('href') ?? document.activeElement?.tagName;
  const hrefs = described.map((a) => a.getAttribute('href'));
  if (!card) return { exists: false, visible: false, described: hrefs, active, focusInCard: false };
  const r = card.getBoundingClientRect();
  const style = getComputedStyle(card);
  return {
    exists: true,
    visible: !card.hidden && style.display !== 'none' && r.width > 0,
    role: card.getAttribute('role'),
    position: style.position,
    title: card.querySelector('.preview-title')?.textContent,
    kind: card.querySelector('.badge')?.textContent,
    desc: card.querySelector('.preview-desc')?.textContent,
    rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
    viewport: { width: document.documentElement.clientWidth, height: innerHeight },
    described: hrefs,
    focusable: card.querySelectorAll('a, button, input, [tabindex]').length,
    active,
    focusInCard: card.contains(document.activeElement),
  };
});

// Layout: where the page's content is, and layout shifts seen since `watchShifts`.
const layout = (page) => page.evaluate(() => {
  const m = document.querySelector('main').getBoundingClientRect();
  return {
    main: [m.left, m.top, m.width, m.height],
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    shift: window.__shift,
  };
});
const watchShifts = (page) => page.evaluate(() => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__shift += e.value;
  }).observe({ type: 'layout-shift' });
});

// Hover: the card opens after a short delay, stays while the pointer is on it, closes
// when the pointer leaves; nothing moves, nothing is fetched.
{
  const { context, page } = await open({ viewport: { width: 1024, height: 768 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await watchShifts(page);
  const before = await layout(page);
  await page.hover(LINK);
  const early = await cardState(page);
  await sleep(700);
  const shown = await cardState(page);
  const link = await page.locator(LINK).boundingBox();
  // Onto the card through the gap, and wait there past the closing delay.
  const c = shown.rect;
  await page.mouse.move((c.left + c.right) / 2, (c.top + c.bottom) / 2, { steps: 8 });
  await sleep(700);
  const onCard = await cardState(page);
  await page.mouse.move(5, 740, { steps: 8 });
  await sleep(700);
  const left = await cardState(page);
  const after = await layout(page);
  report.hover = { early, shown, link, onCard, left, before, after, requests };
  await context.close();
}

// Keyboard: Tab through the page; every previewable link shows its card on focus, focus
// never enters the card; Escape closes it and keeps focus on the link. Wide enough for the
// aside to be open beside the article (below 68rem it is a closed disclosure).
{
  const { context, page } = await open({ viewport: { width: 1280, height: 768 } });
  const steps = [];
  let atLink = null;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const s = await cardState(page);
    steps.push({ active: s.active, visible: s.visible, described: s.described, focusInCard: s.focusInCard });
    if (s.active === spec.link) { atLink = s; break; }
  }
  await page.keyboard.press('Escape');
  const escaped = await cardState(page);
  await sleep(400);
  const stillEscaped = await cardState(page);
  await page.keyboard.press('Tab');
  const next = await cardState(page);
  await page.keyboard.press('Shift+Tab');
  const back = await cardState(page);
  // On to the end of the page.
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const s = await cardState(page);
    steps.push({ active: s.active, visible: s.visible, described: s.described, focusInCard: s.focusInCard });
    if (s.active === 'BODY') break;
  }
  report.keyboard = { steps, atLink, escaped, stillEscaped, next, back };
  await context.close();
}

// Touch at 320 px: the first tap previews without following, a tap elsewhere closes, a
// second tap on the same link follows it.
{
  const { context, page } = await open({
    viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
  });
  await page.locator(LINK).scrollIntoViewIfNeeded();
  await page.tap(LINK);
  await sleep(400);
  const first = await cardState(page);
  const urlAfterFirst = page.url();
  await page.tap('h1');
  await sleep(300);
  const outside = await cardState(page);
  await page.tap(LINK);
  await sleep(300);
  const again = await cardState(page);
  await Promise.all([page.waitForURL(`**${spec.link}`, { timeout: 5000 }).catch(() => {}), page.tap(LINK)]);
  report.touch = { first, urlAfterFirst, outside, again, urlAfterSecond: page.url() };
  await context.close();
}

// At 320 px every previewable link's card stays inside the viewport.
{
  const { context, page } = await open({ viewport: { width: 320, height: 640 } });
  // The aside (Related, Appears in, See also) is a closed disclosure here: open it.
  await page.evaluate(() => { document.querySelector('.aside-details').open = true; });
  const cards = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    await settle(page);
    const s = await cardState(page);
    if (s.visible) cards.push({ href: s.active, rect: s.rect, viewport: s.viewport });
    if (s.active === 'BODY') break;
  }
  report.narrow = cards;
  await context.close();
}

// Light and dark: the card's colours, and axe-core with the card open.
report.themes = {};
for (const scheme of ['light', 'dark']) {
  const { context, page } = await open({ viewport: { width: 1024, height: 768 }, colorScheme: scheme });
  await page.hover(LINK);
  await sleep(700);
  const colours = await page.evaluate(() => {
    const card = document.getElementById('glossa-preview');
    const get = (sel, prop) => getComputedStyle(card.querySelector(sel) || card)[prop];
    return {
      visible: !card.hidden,
      background: getComputedStyle(card).backgroundColor,
      title: get('.preview-title', 'color'),
      desc: get('.preview-desc', 'color'),
      badge: get('.badge', 'color'),
      badgeBackground: get('.badge', 'backgroundColor'),
      animation: getComputedStyle(card).animationName,
    };
  });
  await page.addScriptTag({ path: spec.axe });
  const axe = await page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const open_ = await cardState(page);
  report.themes[scheme] = { colours, axe, open: open_.visible };
  await context.close();
}

// Reduced motion: no animation.
{
  const { context, page } = await open({ viewport: { width: 1024, height: 768 }, reducedMotion: 'reduce' });
  await page.hover(LINK);
  await sleep(700);
  report.reducedMotion = await page.evaluate(() => {
    const card = document.getElementById('glossa-preview');
    return { visible: !card.hidden, animation: getComputedStyle(card).animationName };
  });
  await context.close();
}

// Without JavaScript: no card, and the link goes to its entry.
{
  const { context, page } = await open({ javaScriptEnabled: false });
  const href = await page.getAttribute(LINK, 'href');
  await Promise.all([page.waitForURL(`**${spec.link}`, { timeout: 5000 }).catch(() => {}), page.click(LINK)]);
  report.noScript = { href, url: page.url(), card: await page.locator('#glossa-preview').count() };
  await context.close();
}

// Previews off: no script, no card on hover.
{
  const { context, page } = await open({ viewport: { width: 1024, height: 768 } }, off);
  await page.hover(LINK);
  await sleep(700);
  report.off = {
    card: await page.locator('#glossa-preview').count(),
    scripts: await page.evaluate(() => [...document.scripts].map((s) => s.src || s.type)),
  };
  await context.close();
}

await browser.close();
on.close();
off.close();
process.stdout.write(JSON.stringify(report));
