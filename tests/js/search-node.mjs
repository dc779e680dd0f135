// Runs the browser script's search engine in node over a built site's search/ folder:
//
//   node search-node.mjs <public>/search queries.txt > results.ndjson
//
// One JSON line per query: {q, total, hits: [{path, score, exact}]} for the first ten
// hits, `all`, the paths of every hit (paths relative to the site root), and `facets`
// ({kinds, areas}: the counts). The test
// compares them with `glossa search`.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { Index, search, documents } = require('../../static/search-engine.js');
const dir = process.argv[2];
const queries = readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
const index = new Index(async (path) => new Uint8Array(readFileSync(join(dir, path.split('?')[0]))));
for (const q of queries) {
  const found = await search(index, q, { facets: true, areaFacet: true });
  const docs = await documents(index, found.hits.map((h) => h.doc), '/');
  const hits = found.hits.slice(0, 10).map((h, i) => ({ path: docs[i].url, score: h.score, exact: h.exact }));
  const all = docs.map((d) => d.url);
  const facets = { kinds: found.facets.kinds, areas: found.facets.areas };
  process.stdout.write(JSON.stringify({ q, total: found.total, hits, all, facets, suggestions: found.suggestions }) + '\n');
}
