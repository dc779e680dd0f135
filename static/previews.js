// Link previews of glossa's default theme: a card with the title, kind and description of
// the entry a link goes to, from the page's own `#glossa-previews` block (no request).
//
// Shown after a short hover (and kept while the pointer is on the link or the card), on
// keyboard focus, and on a first tap (a second tap on the same link follows it). The card
// is a `role="tooltip"` element the link points at with `aria-describedby` while it is
// open; Escape closes it and focus never leaves the link. It is `position: fixed`, so the
// page never moves, and kept inside the viewport. Without this script links just work.
(() => {
  'use strict';
  const block = document.getElementById('glossa-previews');
  if (!block) return;
  let data;
  try {
    data = JSON.parse(block.textContent);
  } catch {
    return;
  }
  const entries = data.entries || {};
  const kinds = data.kinds || {};
  const SHOW_DELAY = 300; // ms of hover before the card opens
  const HIDE_DELAY = 250; // ms to move the pointer from the link to the card
  const GAP = 6; // px between the link and the card
  const MARGIN = 8; // px kept free at the viewport's edges

  let card = null; // the tooltip, made on first use
  let badge, title, desc;
  let current = null; // the link whose card is open
  let before = null; // that link's own aria-describedby
  let tapped = null; // a link previewed by a first tap
  let dismissed = null; // a link whose card Escape closed, until pointer and focus leave it
  let hovered = null; // the previewed link under the pointer
  let overCard = false;
  let showTimer = 0;
  let hideTimer = 0;
  let lastPointer = '';

  const own = Object.prototype.hasOwnProperty;

  // The entry a link goes to, if this page has its preview: links of the main content, to
  // this site, by their resolved path (`/term/x/`, also `/term/x` or `…/index.html`).
  function entryOf(a) {
    if (!a || !a.closest('main') || a.hasAttribute('aria-current')) return null;
    if (a.origin !== location.origin) return null;
    let path = a.pathname;
    try {
      path = decodeURI(path);
    } catch {
      // an invalid escape: keep the path as written
    }
    if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
    if (!path.endsWith('/')) path += '/';
    return own.call(entries, path) ? entries[path] : null;
  }

  const linkAt = (node) => (node instanceof Element ? node.closest('a[href]') : null);

  function make() {
    card = document.createElement('div');
    card.id = 'glossa-preview';
    card.className = 'preview';
    card.setAttribute('role', 'tooltip');
    card.hidden = true;
    const meta = document.createElement('p');
    meta.className = 'preview-meta';
    badge = document.createElement('span');
    meta.append(badge);
    title = document.createElement('p');
    title.className = 'preview-title';
    desc = document.createElement('p');
    desc.className = 'preview-desc';
    card.append(meta, title, desc);
    card.addEventListener('pointerenter', () => {
      overCard = true;
      clearTimeout(hideTimer);
    });
    card.addEventListener('pointerleave', (ev) => {
      overCard = false;
      if (ev.pointerType !== 'touch' && linkAt(ev.relatedTarget) !== current) later();
    });
    // Inside the landmark of the links it describes; fixed, so out of the page's flow.
    (document.querySelector('main') || document.body).append(card);
  }

  function show(a) {
    const entry = entryOf(a);
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!entry) return;
    if (current && current !== a) hide();
    if (!card) make();
    const [name, kind, description] = entry;
    card.className = `preview preview--${kind}`;
    badge.className = `badge badge--${kind}`;
    badge.textContent = kinds[kind] || kind;
    title.textContent = name;
    desc.textContent = description;
    desc.hidden = !description;
    if (current !== a) {
      before = a.getAttribute('aria-describedby');
      a.setAttribute('aria-describedby', before ? `${before} ${card.id}` : card.id);
      current = a;
    }
    card.hidden = false;
    place();
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!current) return;
    if (before) current.setAttribute('aria-describedby', before);
    else current.removeAttribute('aria-describedby');
    current = null;
    before = null;
    tapped = null;
    overCard = false;
    card.hidden = true;
  }

  // Closes the card soon, unless the pointer comes back or the keyboard holds it.
  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      if (!current || overCard || hovered === current || tapped === current) return;
      if (document.activeElement === current && current.matches(':focus-visible')) return;
      hide();
    }, HIDE_DELAY);
  }

  // Below the link's first line (above when there is no room below), inside the viewport.
  function place() {
    if (!current) return;
    const rects = current.getClientRects();
    const r = rects.length ? rects[0] : current.getBoundingClientRect();
    const root = document.documentElement;
    const vw = root.clientWidth;
    const vh = root.clientHeight;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    const left = Math.max(MARGIN, Math.min(r.left, vw - w - MARGIN));
    let top = r.bottom + GAP;
    if (top + h > vh - MARGIN && r.top - GAP - h >= MARGIN) top = r.top - GAP - h;
    card.style.left = `${Math.round(left)}px`;
    card.style.top = `${Math.round(top)}px`;
  }

  document.addEventListener('pointerover', (ev) => {
    if (ev.pointerType === 'touch') return;
    const a = linkAt(ev.target);
    if (!a || !entryOf(a)) return;
    hovered = a;
    if (a === current) {
      clearTimeout(hideTimer);
      return;
    }
    if (a === dismissed) return;
    clearTimeout(showTimer);
    showTimer = setTimeout(() => show(a), current ? 0 : SHOW_DELAY);
  });

  document.addEventListener('pointerout', (ev) => {
    if (ev.pointerType === 'touch') return;
    const a = linkAt(ev.target);
    if (!a || a.contains(ev.relatedTarget)) return;
    if (hovered === a) hovered = null;
    if (dismissed === a && document.activeElement !== a) dismissed = null;
    clearTimeout(showTimer);
    if (a === current && !(card && card.contains(ev.relatedTarget))) later();
  });

  document.addEventListener('focusin', (ev) => {
    const a = linkAt(ev.target);
    if (a && a !== dismissed && a.matches(':focus-visible') && entryOf(a)) show(a);
    else if (current && a !== current && !tapped) hide();
  });

  document.addEventListener('focusout', (ev) => {
    const a = linkAt(ev.target);
    if (!a) return;
    if (dismissed === a && hovered !== a) dismissed = null;
    if (a === current && hovered !== a && !overCard && !tapped) hide();
  });

  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || !current) return;
    dismissed = current;
    hide();
  });

  document.addEventListener('pointerdown', (ev) => {
    lastPointer = ev.pointerType;
    if (current && !card.contains(ev.target) && linkAt(ev.target) !== current) hide();
  }, true);

  // Touch: the first tap on a link previews it, a second tap on it follows.
  document.addEventListener('click', (ev) => {
    const a = linkAt(ev.target);
    const pointer = typeof ev.pointerType === 'string' ? ev.pointerType : lastPointer;
    if (!a || pointer !== 'touch' || !entryOf(a)) return;
    if (tapped === a && current === a) return;
    ev.preventDefault();
    show(a);
    tapped = a;
  });

  const follow = () => {
    if (current) place();
  };
  addEventListener('scroll', follow, { passive: true, capture: true });
  addEventListener('resize', follow, { passive: true });
})();
