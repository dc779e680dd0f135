/* glossa search, the engine: full-text search of a glossa site in the browser, without
 * a server.
 *
 * Reads the static index under <base>/search/ (written by `glossa build`, format in
 * src/index/browser/mod.rs) and ranks like `glossa search`: the same analysis
 * (search-analysis.js), the same BM25 in 32-bit floats with the same field boosts, the
 * same typo tolerance and suggestions (src/index/fuzzy.rs). A query fetches index.json
 * once, then only the shards its words need. No dependencies, no build step. In node,
 * `require` it (with search-analysis.js beside it); in a page it is `glossaSearch`. */
(function (root) {
  'use strict';

  const { words, normalize, stem, analyze } = typeof module === 'object' && module.exports
    ? require('./search-analysis.js') : root.glossaAnalysis;

  // ---------------------------------------------------------------- typo tolerance

  function prefix(word, n) { return Array.from(word).slice(0, n).join(''); }
  function tail(word, n) { const cs = Array.from(word); return cs.slice(Math.max(0, cs.length - n)).join(''); }

  // Optimal string alignment distance, or -1 when above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return -1;
    const w = b.length + 1;
    let back2 = new Array(w).fill(0), back1 = Array.from({ length: w }, (_, j) => j), cur = new Array(w);
    for (let i = 1; i <= a.length; i++) {
      cur[0] = i;
      let rowMin = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(back1[j] + 1, cur[j - 1] + 1, back1[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, back2[j - 2] + 1);
        cur[j] = d;
        if (d < rowMin) rowMin = d;
      }
      if (rowMin > max) return -1;
      [back2, back1, cur] = [back1, cur, back2];
    }
    return back1[b.length] <= max ? back1[b.length] : -1;
  }

  // The words of `group` within `max` edits of `word` as [distance, position, word],
  // closest first.
  function within(word, group, max) {
    const typed = Array.from(word), found = [];
    group.forEach((cand, pos) => {
      if (cand === word) return;
      const d = distance(typed, Array.from(cand), max);
      if (d >= 0) found.push([d, pos, cand]);
    });
    return found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }

  // When a query finds nothing: the words closest to its words not found (see fuzzy.rs).
  function suggestions(missing, most) {
    const all = [];
    missing.forEach((c, i) => {
      const loose = Math.max(2, Math.floor(Array.from(c.word).length / 3));
      within(c.word, c.group || [], loose).forEach(([d, , w], pos) => all.push([d, i, pos, w]));
    });
    all.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0));
    const out = [];
    for (const [, , , w] of all) if (!out.includes(w) && out.length < most) out.push(w);
    return out;
  }

  // ---------------------------------------------------------------- query

  // Words and "phrases" (a quote left open closes at the end, as the reader is typing);
  // `all`: every word in order.
  function parse(query) {
    const parts = query.split(/["“”„]/);
    const out = { words: [], phrases: [], all: words(query).map((w) => w.text) };
    parts.forEach((part, i) => {
      const ws = words(part).map((w) => w.text);
      if (i % 2 === 0) out.words.push(...ws);
      else if (ws.length) out.phrases.push(ws);
    });
    return out;
  }

  // ---------------------------------------------------------------- index

  const f32 = Math.fround;
  const K1 = f32(1.2), B = f32(0.75), ONE_PLUS_K1 = f32(1 + K1), ONE_MINUS_B = f32(1 - B);
  const decoder = new TextDecoder();

  function Stale() {}

  async function inflate(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // An index, read through `load(path) → Promise<Uint8Array>`.
  function Index(load) {
    this.load = load;
    this.files = new Map();
    this.meta = null;
  }

  Index.prototype = {
    file(path, parseFn) {
      if (!this.files.has(path)) {
        const p = this.load(path + '?v=' + this.meta.hash).then(inflate).then(parseFn);
        p.catch(() => this.files.delete(path));
        this.files.set(path, p);
      }
      return this.files.get(path);
    },
    cached(path) { return this.files.has(path); },
    async init() {
      if (!this.meta) {
        this.metaPromise = this.metaPromise || this.load('index.json').then((b) => JSON.parse(decoder.decode(b)))
          .catch((e) => { this.metaPromise = null; throw e; });
        const m = await this.metaPromise;
        if (m.format !== 3) throw new Error('unsupported search index format ' + m.format);
        m.avg = m.tokens.map((t) => f32(f32(t) / f32(m.docs)));
        m.stopStems = new Set(m.stop.map(stem));
        m.tf = m.avg.map((avg) => m.fieldnorms.map((n) => f32(K1 * f32(ONE_MINUS_B + f32(f32(B * n) / avg)))));
        this.meta = m;
      }
      return this.meta;
    },
    shardOf(list, key, cmp) {
      let lo = 0, hi = list.length - 1, at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(list[mid], key) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return at;
    },
    // Where a key is stored: a term as itself, a key of several terms after its anchor
    // (its first term that is not a stop word's stem, else its first), as `anchor\tkey`.
    storedKey(key) {
      if (!key.includes(' ')) return key;
      const parts = key.split(' ');
      return (parts.find((t) => !this.meta.stopStems.has(t)) || parts[0]) + '\t' + key;
    },
    postingsPath(term) {
      const i = this.shardOf(this.meta.postings, term, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return i < 0 ? null : 'p/' + i + '.bin';
    },
    vocabPath(pre) {
      const i = this.shardOf(this.meta.vocab, pre, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return i < 0 ? null : 'v/' + i + '.bin';
    },
    tailPath(t) {
      const i = this.shardOf(this.meta.tails, t, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return i < 0 ? null : 't/' + i + '.bin';
    },
    norms() { return this.meta.norms ? this.file('norms.bin', (b) => b) : Promise.resolve(null); },
    postingsShard(path) { return this.file(path, parsePostingsShard); },
    vocabShard(path) { return this.file(path, parseVocabShard); },
    tailShard(path) { return this.file(path, parseTailShard); },
    docShard(n) { return this.file('d/' + n + '.bin', (b) => JSON.parse(decoder.decode(b))); },
    areas() { return this.file('areas.bin', (b) => JSON.parse(decoder.decode(b))); },
  };

  function parsePostingsShard(bytes) {
    let pos = 0;
    const varint = () => {
      let x = 0, mul = 1, b;
      do { b = bytes[pos++]; x += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
      return x;
    };
    const terms = new Map();
    let prev = new Uint8Array(0);
    for (let n = varint(); n > 0; n--) {
      const shared = varint(), len = varint();
      const term = new Uint8Array(shared + len);
      term.set(prev.subarray(0, shared));
      term.set(bytes.subarray(pos, pos + len), shared);
      pos += len;
      const blockLen = varint();
      terms.set(decoder.decode(term), bytes.subarray(pos, pos + blockLen));
      pos += blockLen;
      prev = term;
    }
    return terms;
  }

  // A key's postings: {fields: [{field, df, docs, tfs, norms}] (norms null for the body),
  // names: docs it names or null, phrase: docs holding it as a phrase or null}.
  function decodePostings(block, bodyField) {
    let pos = 0;
    const varint = () => {
      let x = 0, mul = 1, b;
      do { b = block[pos++]; x += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
      return x;
    };
    const mask = block[pos++], out = [];
    for (let field = 0; field < 4; field++) {
      if (!(mask & (1 << field))) continue;
      const df = varint(), docs = new Uint32Array(df), tfs = new Uint32Array(df);
      const norms = field === bodyField ? null : new Uint8Array(df);
      let doc = 0;
      for (let i = 0; i < df; i++) {
        const v = varint();
        doc += Math.floor(v / 2);
        docs[i] = doc;
        tfs[i] = v % 2 ? varint() + 2 : 1;
        if (norms) norms[i] = block[pos++];
      }
      out.push({ field, df, docs, tfs, norms });
    }
    const list = () => {
      const docs = new Uint32Array(varint());
      let doc = 0;
      for (let i = 0; i < docs.length; i++) { doc += varint(); docs[i] = doc; }
      return docs;
    };
    const names = mask & 16 ? list() : null, phrase = mask & 32 ? list() : null;
    return { fields: out, names, phrase };
  }

  function parseVocabShard(bytes) {
    const groups = new Map();
    for (const line of decoder.decode(bytes).split('\n')) {
      if (!line) continue;
      const parts = line.split(' '), pre = parts[0];
      groups.set(pre, parts.slice(1).map((rest) => pre + rest));
    }
    return groups;
  }

  function parseTailShard(bytes) {
    const groups = new Map();
    for (const line of decoder.decode(bytes).split('\n')) {
      if (!line) continue;
      const parts = line.split(' '), t = parts[0];
      groups.set(t, parts.slice(1).map((rest) => rest + t));
    }
    return groups;
  }

  // ---------------------------------------------------------------- search

  // Waits for files; `options.beforeFetch()` is awaited once before the first file that is
  // not cached (a false answer abandons the search), `options.isCurrent()` is checked
  // around every fetch: a search overtaken by a newer one stops (throws Stale).
  function fetcher(options) {
    let asked = false;
    const current = () => !options.isCurrent || options.isCurrent();
    return async (promises) => {
      if (promises.some((p) => !p.cached)) {
        if (!asked && options.beforeFetch) {
          asked = true;
          if (!(await options.beforeFetch())) throw new Stale();
        }
        if (!current()) throw new Stale();
      }
      const files = await Promise.all(promises.map((p) => p.promise));
      if (!current()) throw new Stale();
      return files;
    };
  }

  // Runs a query: {total, hits: [{doc, score}], stems: Set, corrections}.
  // `options.kind`: 'term' | 'definition' | 'area'; see `fetcher` for the others.
  async function search(index, query, options) {
    options = options || {};
    const plan = parse(query);
    const fetched = fetcher(options);
    const get = (path, open) => ({ cached: index.cached(path), promise: open(path) });
    const meta = await index.init();
    const KINDS = ['term', 'definition', 'area'];
    const body = meta.fields.indexOf('body');

    // Exact stems of every word (common words left out when there is more) and phrase word.
    const stop = new Set(meta.stop), dropStop = plan.phrases.length > 0 || plan.words.some((w) => !stop.has(w));
    const seen = new Set(), wordClauses = [];
    for (const w of plan.words) {
      if (dropStop && stop.has(w)) continue;
      const s = stem(w);
      if (!seen.has(s)) { seen.add(s); wordClauses.push({ word: w, stem: s, terms: [] }); }
    }
    const phraseStems = plan.phrases.map((p) => p.map(stem));
    const allStems = plan.all.map(stem);
    const lookups = new Map();
    const lookup = (term) => {
      if (!lookups.has(term)) {
        const path = index.postingsPath(index.storedKey(term));
        lookups.set(term, path ? get(path, (p) => index.postingsShard(p)) : { cached: true, promise: Promise.resolve(new Map()) });
      }
      return lookups.get(term);
    };
    // Phrases of several words, and the whole query, as name keys.
    const phraseKeys = phraseStems.filter((p) => p.length > 1).map((p) => p.join(' '));
    let key = allStems.join(' ');
    const terms = [...new Set([...seen, ...phraseStems.flat(), ...phraseKeys, key])];
    const normsReq = meta.norms ? get('norms.bin', () => index.norms()) : { cached: true, promise: Promise.resolve(null) };
    const shards = await fetched([normsReq, ...terms.map(lookup)]);
    const norms = shards[0];
    const blockOf = new Map();
    terms.forEach((t, i) => { const b = shards[i + 1].get(index.storedKey(t)); if (b) blockOf.set(t, b); });

    // Words not in the index: similar words of the site.
    const corrections = [];
    const fz = meta.fuzzy;
    const missing = wordClauses.filter((c) => !blockOf.has(c.stem) && Array.from(c.word).length >= fz.min);
    const replaced = new Map();
    wordClauses.forEach((c) => { if (blockOf.has(c.stem)) c.terms.push([c.stem, 1]); });
    if (missing.length) {
      const none = { cached: true, promise: Promise.resolve(new Map()) };
      const reqs = missing.flatMap((c) => {
        const head = index.vocabPath(prefix(c.word, fz.prefix)), t = index.tailPath(tail(c.word, fz.prefix));
        return [head ? get(head, (p) => index.vocabShard(p)) : none, t ? get(t, (p) => index.tailShard(p)) : none];
      });
      const vocab = await fetched(reqs);
      const wanted = [];
      missing.forEach((c, i) => {
        // The head group, then the tail group's words with another head (see fuzzy.rs).
        const start = prefix(c.word, fz.prefix);
        c.group = (vocab[2 * i].get(start) || [])
          .concat((vocab[2 * i + 1].get(tail(c.word, fz.prefix)) || []).filter((w) => prefix(w, fz.prefix) !== start));
        const n = Array.from(c.word).length;
        const found = within(c.word, c.group, n >= fz.long ? 2 : 1);
        const replacements = [];
        for (const [d, , cand] of found) {
          const s = stem(cand);
          if (s === c.stem || c.terms.some((t) => t[0] === s)) continue;
          c.terms.push([s, fz.weights[d <= 1 ? 0 : 1]]);
          replacements.push(cand);
          wanted.push(s);
          if (c.terms.length === fz.max) break;
        }
        if (replacements.length) corrections.push({ word: c.word, replacements });
        if (c.terms.length) replaced.set(c.stem, c.terms[0][0]);
      });
      key = allStems.map((s) => replaced.get(s) || s).join(' ');
      if (!blockOf.has(key) && replaced.size) wanted.push(key);
      const more = await fetched(wanted.map(lookup));
      wanted.forEach((t, i) => { const b = more[i].get(index.storedKey(t)); if (b) blockOf.set(t, b); });
    }

    // Scores: per clause, the sum over its terms and fields of tantivy's BM25, in f32.
    const n = meta.docs, total = new Float32Array(n), hits = new Uint8Array(n);
    const decoded = new Map(), NONE = { fields: [], names: null, phrase: null };
    const postingsOf = (t) => {
      if (!decoded.has(t)) decoded.set(t, blockOf.has(t) ? decodePostings(blockOf.get(t), body) : NONE);
      return decoded.get(t);
    };
    const addTerm = (term, weight, acc, hit) => {
      for (const p of postingsOf(term).fields) {
        if (!meta.searched.includes(p.field)) continue;
        const x = f32(f32(f32(n - p.df) + 0.5) / f32(f32(p.df) + 0.5));
        let w = f32(f32(Math.log(f32(1 + x))) * ONE_PLUS_K1);
        const boost = f32(meta.boosts[p.field] * weight);
        if (boost !== 1) w = f32(w * boost);
        const cache = meta.tf[p.field];
        for (let i = 0; i < p.df; i++) {
          const d = p.docs[i], tf = p.tfs[i];
          const norm = p.norms ? p.norms[i] : norms[d];
          acc[d] += f32(w * f32(tf / f32(tf + cache[norm])));
          hit[d] = 1;
        }
      }
    };
    // The documents holding a phrase: listed with it when it is (part of) a name; else
    // (no word positions) those holding all its words in one field.
    const phraseDocs = (stems) => {
      const out = new Uint8Array(n), listed = stems.length > 1 && postingsOf(stems.join(' ')).phrase;
      if (listed) {
        for (const d of listed) out[d] = 1;
        return out;
      }
      const distinct = [...new Set(stems)];
      for (const f of meta.searched) {
        const count = new Uint16Array(n);
        for (const t of distinct) {
          const p = postingsOf(t).fields.find((x) => x.field === f);
          if (p) for (const d of p.docs) count[d]++;
        }
        for (let d = 0; d < n; d++) if (count[d] === distinct.length) out[d] = 1;
      }
      return out;
    };
    const clauses = wordClauses.filter((c) => c.terms.length).map((c) => ({ terms: c.terms, phrase: null }))
      .concat(phraseStems.map((p) => ({ terms: p.map((s) => [s, 1]), phrase: p })));
    const need = clauses.filter((c) => c.phrase).length;
    const phraseHits = need ? new Uint8Array(n) : null;
    for (const c of clauses) {
      const acc = new Float32Array(n);
      let hit = new Uint8Array(n);
      for (const [t, w] of c.terms) addTerm(t, w, acc, hit);
      if (c.phrase) hit = phraseDocs(c.phrase);
      for (let d = 0; d < n; d++) {
        if (!hit[d]) continue;
        total[d] += acc[d];
        hits[d] = 1;
        if (c.phrase) phraseHits[d]++;
      }
    }
    // Documents the query names (title or alias) first, then by score, then in site order.
    const named = new Uint8Array(n), names = postingsOf(key).names;
    if (names) for (const d of names) named[d] = 1;
    const matched = [];
    for (let d = 0; d < n; d++) if (hits[d] && (!need || phraseHits[d] === need)) matched.push(d);
    // The kind and area filters, and the facets: matches of each kind under the area
    // filter, of each area under the kind filter (as src/index/query/run.rs).
    // Each document's areas (areas.bin) are fetched only for an area filter or its counts.
    const [areaFile] = options.area || options.areaFacet ? await fetched([get('areas.bin', () => index.areas())]) : [null];
    const kindOf = (d) => (d < meta.kinds[1] ? 0 : d < meta.kinds[2] ? 1 : 2);
    const wantKind = options.kind ? KINDS.indexOf(options.kind) : -1;
    const areaNo = options.area ? areaFile.areas.indexOf(options.area) : -1;
    const kindOk = (d) => wantKind < 0 || kindOf(d) === wantKind;
    const areaOk = (d) => !options.area || (areaNo >= 0 && areaFile.docs[d].includes(areaNo));
    let facets = null;
    if (options.facets) {
      facets = { kinds: {}, areas: areaFile ? {} : null, titles: {} };
      for (const d of matched) {
        if (areaOk(d)) { const k = KINDS[kindOf(d)]; facets.kinds[k] = (facets.kinds[k] || 0) + 1; }
        if (areaFile && kindOk(d)) {
          for (const a of areaFile.docs[d]) {
            const s = areaFile.areas[a];
            facets.areas[s] = (facets.areas[s] || 0) + 1;
            facets.titles[s] = areaFile.titles[a];
          }
        }
      }
    }
    const ranked = matched.filter((d) => kindOk(d) && areaOk(d));
    ranked.sort((a, b) => named[b] - named[a] || total[b] - total[a] || a - b);
    const stems = new Set();
    clauses.forEach((c) => c.terms.forEach((t) => stems.add(t[0])));
    return {
      total: ranked.length,
      hits: ranked.map((d) => ({ doc: d, score: total[d], exact: named[d] === 1 })),
      stems,
      corrections,
      suggestions: ranked.length ? [] : suggestions(missing, fz.suggest),
      facets,
    };
  }

  // Title, kind, URL path and excerpt of documents (by number).
  async function documents(index, docs, base, options) {
    const meta = await index.init();
    const shard = (d) => Math.floor(d / meta.chunk);
    const rows = await fetcher(options || {})(docs.map((d) => ({
      cached: index.cached('d/' + shard(d) + '.bin'),
      promise: index.docShard(shard(d)),
    })));
    return docs.map((d, i) => {
      const [title, slug, excerpt] = rows[i][d % meta.chunk];
      const k = meta.kinds[1] > d ? 0 : meta.kinds[2] > d ? 1 : 2;
      const kind = ['term', 'definition', 'area'][k];
      const s = slug || title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
      return { doc: d, title, kind, url: base + kind + '/' + s + '/', excerpt };
    });
  }

  const api = { words, normalize, stem, analyze, parse, distance, suggestions, Index, search, documents, Stale };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.glossaSearch = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
