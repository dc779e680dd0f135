// glossa serve: live reload and the error overlay. Injected only by `glossa serve`.
(function () {
  var S = window.glossaServe = { api: '/api/search', events: '/__glossa/events', ready: false };
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement('div');
      box.id = 'glossa-error-overlay';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;' +
        'padding:2rem;background:rgba(24,24,27,.95);color:#f4f4f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace';
      var title = document.createElement('p');
      title.style.cssText = 'margin:0 0 1rem;color:#fca5a5;font-weight:bold';
      title.textContent = 'glossa serve: the last change has errors; this is the last good page.';
      var pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;white-space:pre-wrap';
      box.append(title, pre);
    }
    box.lastChild.textContent = text;
    if (!box.isConnected) (document.body || document.documentElement).append(box);
    S.error = text;
  }
  function clear() {
    if (box) box.remove();
    S.error = null;
  }
  var here = location.pathname;
  var es = new EventSource(S.events);
  es.addEventListener('hello', function () { S.ready = true; clear(); });
  es.addEventListener('build-error', function (e) { S.ready = true; show(e.data); });
  es.addEventListener('build-ok', clear);
  es.addEventListener('reload', function (e) {
    var d = {};
    try { d = JSON.parse(e.data); } catch (_) { d = { all: true }; }
    if (d.all || (d.paths || []).indexOf(here) >= 0) location.reload();
    else clear();
  });
})();
