#!/usr/bin/env bash
# Search benchmarks on a generated corpus (default 10,000 entries, seed 42). Prints the
# medians the search issue asks for:
#
#   - index build (tantivy, then the browser shards) from scratch, standalone;
#   - the full `glossa build`, with the index rebuilt and with it unchanged;
#   - `glossa search` as a whole process, per query;
#   - in headless Chromium: bytes fetched per query (script included; text files
#     gzip-compressed by the local server as static hosts do, shards pre-compressed) and
#     keystroke-to-results time once the index files are cached;
#   - the number of files under search/, and agreement with `glossa search`.
#
# Needs: the Rust toolchain, node with tests/js/node_modules (npm ci --prefix tests/js),
# /usr/bin/chromium, python3.   Usage: benches/search.sh   (N=… OUT=… to change)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${N:-10000}
OUT=${OUT:-/tmp/glossa-search-bench}
ROOT="$OUT/corpus/native"
mkdir -p "$OUT"

cargo build --release -q -p glossa -p glossa-corpus
cargo build --release -q -p glossa --example index_timing
target/release/glossa-corpus --n "$N" --seed 42 --out "$OUT/corpus" >/dev/null
rm -rf "$ROOT/.glossa"

echo "== index build (tantivy + browser), $N entries, 5 runs"
target/release/examples/index_timing "$ROOT" 5 2>/dev/null

echo "== glossa build"
for run in fresh fresh fresh unchanged unchanged unchanged; do
    [ "$run" = fresh ] && rm -rf "$ROOT/.glossa"
    /usr/bin/time -f "$run %e s" target/release/glossa --root "$ROOT" build -o "$OUT/public" -q
done 2>&1 | sort | awk '{t[$1]=t[$1] " " $2} END {for (k in t) print k ":" t[k] " s"}'

echo "== search files"
echo "files $(find "$OUT/public/search" -type f | wc -l), bytes $(du -sb "$OUT/public/search" | cut -f1)"

python3 - "$ROOT" "$OUT" <<'PY'
import json, statistics, subprocess, sys, time
root, out = sys.argv[1], sys.argv[2]
queries = [l.strip() for l in open('benches/search-queries.txt') if l.strip() and not l.startswith('#')]
glossa = 'target/release/glossa'

print('== glossa search, whole process (median of 15 runs per query)')
per_query, cli = [], {}
for q in queries:
    times = []
    for _ in range(15):
        t = time.perf_counter()
        r = subprocess.run([glossa, '--root', root, 'search', '--json', '--limit', '5', q], capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    cli[q] = [h['path'] for h in json.loads(r.stdout)['results']]
    per_query.append(statistics.median(times))
print(f'median {statistics.median(per_query):.1f} ms, slowest query {max(per_query):.1f} ms')

spec = {'sites': [{'name': 'bench', 'dir': out + '/public', 'prefix': '/',
                   'queries': [{'q': q} for q in queries]}]}
with open(out + '/spec.json', 'w') as f:
    json.dump(spec, f)
print('== headless Chromium')
report = json.loads(subprocess.run(['node', 'tests/js/search-browser.mjs', out + '/spec.json'],
                                   cwd='.', capture_output=True, check=True).stdout)
rows = report['sites'][0]['queries']
agree = 0
for r in rows:
    c = cli[r['q']]
    top = r['top'][:5]
    ok = bool(c) and c[0] == top[0] and len(set(c) & set(top)) >= min(4, len(c))
    agree += ok
    print(f"{r['q']:34} {r['transfer']:>7} B transferred {r['decoded']:>7} B decoded  "
          f"warm {statistics.median(r['warm_ms']):5.1f} ms  {'agrees' if ok else 'DIFFERS'}")
print(f"bytes per query: median {statistics.median(r['transfer'] for r in rows):.0f} B transferred "
      f"(max {max(r['transfer'] for r in rows)}), median {statistics.median(r['decoded'] for r in rows):.0f} B decoded "
      f"(max {max(r['decoded'] for r in rows)})")
print(f"keystroke to results (cached): median {statistics.median(statistics.median(r['warm_ms']) for r in rows):.1f} ms, "
      f"max {max(max(r['warm_ms']) for r in rows):.1f} ms")
print(f"agreement with glossa search (same top 1, 4 of top 5): {agree} of {len(rows)}")
if report['errors']:
    print('script errors:', report['errors'])
PY
