/* glossa search, the page and the search boxes: the results of /search/ (?q=, ?kind=),
 * and every other search box of the theme as a WAI-ARIA combobox (APG pattern, list
 * autocomplete): results as you type in a popup listbox, arrow keys move the active
 * option (aria-activedescendant: focus stays in the box), Enter opens it, Escape closes
 * the popup and keeps the text, a click outside closes it; the popup is kept inside the
 * viewport. Loaded by search.js when a search box is first used. */
(function (root) {
  'use strict';

  const { words, stem, parse, Index, search, documents, Stale } = root.glossaSearch;

  const script = document.currentScript;
  const BASE = (script && script.dataset.base) || '/';
  const LABELS = { term: 'Term', definition: 'Definition', area: 'Area' };
  const PAGE = 10;
  const index = new Index((path) =>
    fetch(BASE + 'search/' + path, path === 'index.json' ? { cache: 'no-cache' } : {}).then((r) => {
      if (!r.ok) throw new Error(r.status + ' ' + r.url);
      return r.arrayBuffer();
    }).then((b) => new Uint8Array(b)));

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    for (const c of children || []) e.append(c);
    return e;
  }

  // `text` with the words whose stem is in `stems` marked.
  function highlighted(text, stems) {
    const out = [];
    let at = 0;
    for (const w of words(text)) {
      if (!stems.has(stem(w.text))) continue;
      out.push(text.slice(at, w.start), el('mark', {}, [text.slice(w.start, w.end)]));
      at = w.end;
    }
    out.push(text.slice(at));
    return out;
  }

  function resultList(docs, stems, cls) {
    return el('ol', { class: cls }, docs.map((d) => el('li', { class: 'hit' }, [
      el('a', { class: 'hit-title', href: d.url }, highlighted(d.title, stems)),
      ' ', el('span', { class: 'badge badge--' + d.kind }, [LABELS[d.kind]]),
      el('p', { class: 'hit-excerpt' }, highlighted(d.excerpt, stems)),
    ])));
  }

  function wait(ms) { return new Promise((r) => setTimeout(r, ms)); }

  // Under `glossa serve` (whose injected script sets `glossaServe`), results come from
  // the server's tantivy index, the same as `glossa search`, rather than the shards.
  const API_LIMIT = 50;
  async function apiSearch(query, kind, limit, options) {
    if (options.beforeFetch && !(await options.beforeFetch())) throw new Stale();
    const params = new URLSearchParams({ q: query, limit: String(limit) });
    if (kind) params.set('kind', kind);
    if (options.area) params.set('area', options.area);
    const r = await fetch(root.glossaServe.api + '?' + params, { cache: 'no-store' });
    const body = await r.json();
    if (!options.isCurrent()) throw new Stale();
    if (!r.ok) throw new Error(body.error || String(r.status));
    const plan = parse(query);
    const stems = new Set(plan.words.concat(...plan.phrases).map(stem));
    for (const c of body.corrections) for (const w of c.replacements) stems.add(stem(w));
    const docs = body.results.map((h) => ({ title: h.title, kind: h.kind, url: h.path, excerpt: h.snippet }));
    const found = {
      total: body.total, corrections: body.corrections, suggestions: body.suggestions, stems, available: docs.length,
      facets: body.facets && { kinds: body.facets.kinds, areas: body.facets.areas, titles: {} },
      next: (from, n) => Promise.resolve(docs.slice(from, from + n)),
    };
    return { found, docs: docs.slice(0, Math.min(limit, PAGE)) };
  }

  // Wires an input to a results container; `render(out, query, found, docs)`.
  // `filtersOf()`: {kind, area, facets} of the search page (none for the boxes).
  function attach(input, out, limit, render, filtersOf) {
    let seq = 0;
    const run = async (query, started, immediate) => {
      const mine = ++seq;
      query = query.trim();
      if (!query) { out.replaceChildren(); out.hidden = true; out.dataset.query = ''; return; }
      const options = {
        ...(filtersOf ? filtersOf() : {}),
        beforeFetch: immediate ? null : () => wait(100).then(() => mine === seq),
        isCurrent: () => mine === seq,
      };
      try {
        let found, docs;
        if (root.glossaServe) {
          ({ found, docs } = await apiSearch(query, options.kind, limit === PAGE ? API_LIMIT : limit, options));
        } else {
          found = await search(index, query, options);
          docs = await documents(index, found.hits.slice(0, limit).map((h) => h.doc), BASE, options);
          found.available = found.total;
          found.next = (from, n) => documents(index, found.hits.slice(from, from + n).map((h) => h.doc), BASE, options);
        }
        render(out, query, found, docs, options);
        if (out.id === 'search-results') out.hidden = false;
        out.dataset.query = query;
        out.dataset.ms = (performance.now() - started).toFixed(1);
      } catch (e) {
        if (e instanceof Stale) return;
        out.replaceChildren(el('p', { class: 'notice' }, ['Search is unavailable: ' + e.message]));
        out.hidden = false;
      }
    };
    input.addEventListener('input', () => run(input.value, performance.now(), false));
    return run;
  }

  function summary(query, found) {
    const parts = [];
    for (const c of found.corrections) {
      parts.push('No match for “' + c.word + '”; showing ' + c.replacements.map((r) => '“' + r + '”').join(', ') + '. ');
    }
    parts.push(found.total === 0 ? 'No results for “' + query + '”.' :
      found.total + (found.total === 1 ? ' result' : ' results') + ' for “' + query + '”.');
    const p = el('p', { class: 'search-summary' }, [parts.join('')]);
    if (found.total) return p;
    // Nothing found: the closest words of the site to search instead, and the A–Z index.
    const links = [];
    (found.suggestions || []).forEach((w, i) => {
      links.push(i ? ', ' : 'Closest words: ', el('a', { href: BASE + 'search/?q=' + encodeURIComponent(w) }, [w]));
    });
    if (links.length) links.push('. ');
    links.push(el('a', { href: BASE + 'glossary/' }, ['Browse every entry A–Z']), '.');
    return el('div', {}, [p, el('p', { class: 'search-suggest' }, links)]);
  }

  // The facet chips: one group per facet, "All" then each value with its count; the
  // current value pressed; `choose(name, value)` on a click.
  function chips(found, filters, choose) {
    const f = found.facets;
    if (!f) return null;
    const group = (name, label, values, titleOf) => {
      const all = el('button', { type: 'button', class: 'chip', 'aria-pressed': String(!filters[name]) }, ['All']);
      all.addEventListener('click', () => choose(name, null));
      const buttons = values.map(([v, n]) => {
        const b = el('button', { type: 'button', class: 'chip', 'aria-pressed': String(filters[name] === v) },
          [titleOf(v) + ' ', el('span', { class: 'chip-count' }, [String(n)])]);
        b.addEventListener('click', () => choose(name, v));
        return b;
      });
      return el('div', { class: 'facet', role: 'group', 'aria-label': label }, [el('span', { class: 'facet-label' }, [label + ':']), all, ...buttons]);
    };
    const kinds = ['term', 'definition', 'area'].filter((k) => f.kinds[k] || filters.kind === k).map((k) => [k, f.kinds[k] || 0]);
    if (!f.areas) {
      // The areas' counts cost a file (each document's areas): fetched when asked for.
      const ask = el('button', { type: 'button', class: 'chip chip--more' }, ['Filter by area…']);
      ask.addEventListener('click', () => choose('areaFacet', true));
      return el('div', { class: 'search-facets' }, [group('kind', 'Kind', kinds, (k) => LABELS[k]), el('div', { class: 'facet' }, [ask])]);
    }
    const areas = Object.entries(f.areas).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (filters.area && !f.areas[filters.area]) areas.unshift([filters.area, 0]);
    return el('div', { class: 'search-facets' }, [
      group('kind', 'Kind', kinds, (k) => LABELS[k]),
      ...(areas.length ? [group('area', 'Area', areas, (a) => f.titles[a] || a)] : []),
    ]);
  }

  function renderPage(out, query, found, docs, filters, choose) {
    const list = resultList(docs, found.stems, 'hits');
    out.replaceChildren(summary(query, found), ...[chips(found, filters || {}, choose)].filter(Boolean), list);
    let shown = docs.length;
    const more = el('button', { type: 'button', class: 'search-more-button' }, ['More results']);
    more.addEventListener('click', async () => {
      const next = await found.next(shown, PAGE);
      list.append(...resultList(next, found.stems, 'hits').children);
      shown += next.length;
      if (shown >= found.available) more.remove();
    });
    if (shown < found.available) out.append(more);
  }

  // The header box's popup: a listbox of options (links), then the link to every result.
  function renderPopup(all, id) {
    return (out, query, found, docs) => {
      const more = el('a', { href: all + '?q=' + encodeURIComponent(query) }, ['All results for “' + query + '” →']);
      const list = el('div', { role: 'listbox', id: id + '-listbox', class: 'hits hits--compact', 'aria-label': 'Results' },
        docs.map((d, i) => el('a', { role: 'option', id: id + '-option-' + i, class: 'hit hit-option', href: d.url, 'aria-selected': 'false' }, [
          el('span', { class: 'hit-title' }, highlighted(d.title, found.stems)),
          ' ', el('span', { class: 'badge badge--' + d.kind }, [LABELS[d.kind]]),
          el('span', { class: 'hit-excerpt' }, highlighted(d.excerpt, found.stems)),
        ])));
      const status = el('p', { class: 'visually-hidden', role: 'status' },
        [found.total ? found.total + (found.total === 1 ? ' result' : ' results') : 'No results']);
      out.replaceChildren(...(docs.length ? [list] : [summary(query, found)]), el('p', { class: 'search-more' }, [more]), status);
    };
  }

  // Keeps a popup inside the viewport (8 px from each side) at any width.
  function keepInView(popup) {
    popup.style.transform = '';
    const r = popup.getBoundingClientRect(), w = document.documentElement.clientWidth, gap = 8;
    let dx = 0;
    if (r.right > w - gap) dx = w - gap - r.right;
    if (r.left + dx < gap) dx = gap - r.left;
    if (dx) popup.style.transform = 'translateX(' + Math.round(dx) + 'px)';
  }

  // A search box as a combobox whose popup is `out`.
  function combobox(input, out) {
    const id = input.id;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', out.id);
    let active = -1;
    const options = () => Array.from(out.querySelectorAll('[role=option]'));
    const setActive = (i) => {
      const all = options();
      active = i >= 0 && i < all.length ? i : -1;
      all.forEach((o, j) => o.setAttribute('aria-selected', String(j === active)));
      if (active >= 0) {
        input.setAttribute('aria-activedescendant', all[active].id);
        all[active].scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    };
    const open = () => {
      if (!out.childElementCount) return;
      out.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      input.setAttribute('aria-controls', out.querySelector('[role=listbox]') ? id + '-results-listbox' : out.id);
      keepInView(out);
    };
    const close = () => {
      out.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = options().length, down = e.key === 'ArrowDown';
        if (out.hidden) { open(); setActive(down ? 0 : n - 1); return; }
        // Wraps around at either end.
        if (down) setActive(active < 0 ? 0 : (active + 1) % n);
        else setActive(active < 0 ? n - 1 : (active - 1 + n) % n);
      } else if (e.key === 'Enter' && !out.hidden && active >= 0) {
        e.preventDefault();
        location.href = options()[active].href;
      } else if (e.key === 'Escape' && !out.hidden) {
        e.preventDefault(); // a search input would clear itself
        close();
      }
    });
    input.addEventListener('input', () => { if (!input.value.trim()) close(); });
    input.addEventListener('focus', () => { if (input.value.trim() && out.dataset.query === input.value.trim()) open(); });
    document.addEventListener('pointerdown', (e) => { if (!input.form.contains(e.target)) close(); });
    input.form.addEventListener('focusout', (e) => { if (!input.form.contains(e.relatedTarget)) close(); });
    window.addEventListener('resize', () => { if (!out.hidden) keepInView(out); });
    // Called after each render: a new list, nothing active, shown when there is text.
    return () => { setActive(-1); if (input.value.trim()) open(); else close(); };
  }

  function start() {
    const page = document.getElementById('search-input');
    if (page) {
      const out = document.getElementById('search-results');
      const kind = document.getElementById('search-kind');
      const params = new URLSearchParams(location.search);
      page.value = params.get('q') || '';
      if (kind && params.get('kind')) kind.value = params.get('kind');
      const kindOf = () => (kind && kind.value) || null;
      let area = params.get('area') || null, areaFacet = !!area;
      const filters = () => ({ kind: kindOf(), area, facets: true, areaFacet });
      let run = null;
      const sync = () => {
        const p = new URLSearchParams();
        if (page.value) p.set('q', page.value);
        if (kindOf()) p.set('kind', kindOf());
        if (area) p.set('area', area);
        history.replaceState(null, '', p.toString() ? '?' + p : location.pathname);
      };
      // A chip chosen: the filter changes, in the URL too, and the search runs again.
      const choose = (name, value) => {
        if (name === 'kind' && kind) kind.value = value || '';
        if (name === 'area') area = value;
        if (name === 'areaFacet') areaFacet = true;
        sync();
        run(page.value, performance.now(), true);
      };
      run = attach(page, out, PAGE, (o, q, found, docs) => renderPage(o, q, found, docs, filters(), choose), filters);
      page.addEventListener('input', sync);
      if (kind) kind.addEventListener('change', () => { sync(); run(page.value, performance.now(), true); });
      page.form.addEventListener('submit', (e) => { e.preventDefault(); sync(); run(page.value, performance.now(), true); });
      if (page.value) run(page.value, performance.now(), true);
    }
    for (const input of document.querySelectorAll('form.search-form input[type=search]')) {
      if (input === page) continue;
      const out = el('div', { class: 'search-popup', id: input.id + '-results' });
      out.hidden = true;
      input.form.append(out);
      let rendered = () => {};
      const render = renderPopup(input.form.getAttribute('action'), input.id + '-results');
      const run = attach(input, out, 6, (...args) => { render(...args); rendered(); });
      rendered = combobox(input, out);
      // Typed before this script arrived (search.js loads it on first use).
      if (input.value.trim() && document.activeElement === input) run(input.value, performance.now(), true);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
