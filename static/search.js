/* glossa search loader, on every page (under 1 KB): the search scripts — the analysis,
 * the engine and the page and search-box code, about 40 KB — are fetched only when a
 * search box is first used (focus, pointer, key), or at once on the search page. */
(function () {
  'use strict';
  const me = document.currentScript;
  const base = (me && me.dataset.base) || '/';
  const dir = me ? me.src.replace(/search\.js(\?.*)?$/, '') : base;
  let loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    for (const name of ['search-analysis.js', 'search-engine.js', 'search-ui.js']) {
      const s = document.createElement('script');
      s.src = dir + name;
      s.async = false; // run in this order
      s.dataset.base = base;
      document.head.append(s);
    }
  }
  function arm() {
    if (document.getElementById('search-input')) return load();
    for (const input of document.querySelectorAll('form.search-form input[type=search]')) {
      for (const type of ['focus', 'pointerdown', 'keydown']) input.addEventListener(type, load, { once: true, passive: true });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', arm);
  else arm();
})();
