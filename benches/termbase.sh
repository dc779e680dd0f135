#!/usr/bin/env bash
# Termbase and JSON API figures, medians of 3 runs of the release binary:
#
#   1. `glossa import` of a 100,000-row CSV into an empty site: wall time and peak RSS
#      (/usr/bin/time -v). The sheet is the benchmark corpus (glossa-corpus --n 100000)
#      written by `glossa export terms --format csv`, so its rows are realistic entries
#      (multi-paragraph bodies, aliases, related lists, areas).
#   2. The JSON API at 10,000 entries: api/terms.json raw and gzipped, the whole api/
#      folder, and the build time with the API and with `[api] enabled = false` (each
#      build from scratch: public/ and .glossa/ removed).
#
# Usage: benches/termbase.sh [WORK_DIR]   (default: a temporary folder, removed after)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin glossa --bin glossa-corpus
bin=${CARGO_TARGET_DIR:-target}/release
g=$bin/glossa

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# `/usr/bin/time -v` of a command: "<seconds> <peak KB>".
timed() {
    /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt"; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]}
                /Maximum resident set size/ {kb=$2}
                END {print s, kb}' "$work/time.txt"
}

echo "== 100,000-row CSV"
"$bin/glossa-corpus" --n 100000 --seed 42 --out "$work/c100k" >/dev/null 2>&1
"$g" --root "$work/c100k/native" -q export terms --format csv -o "$work/terms.csv"
rows=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8'))) - 1)" "$work/terms.csv")
echo "sheet: $rows rows, $(du -m "$work/terms.csv" | cut -f1) MB"
: >"$work/import.txt"
for i in 1 2 3; do
    rm -rf "$work/site" && mkdir -p "$work/site"
    echo 'title = "Imported"' >"$work/site/glossa.toml"
    r=$(timed "$g" --root "$work/site" -q import "$work/terms.csv")
    echo "  run $i: $r (s, peak KB)"
    echo "$r" >>"$work/import.txt"
done
echo "import: median $(cut -d' ' -f1 "$work/import.txt" | median) s, peak RSS median $(( $(cut -d' ' -f2 "$work/import.txt" | median) / 1024 )) MB"
r=$(timed "$g" --root "$work/site" -q import "$work/terms.csv")
echo "import again (nothing to write): $r (s, peak KB)"
rm -rf "$work/c100k" "$work/site"

echo "== JSON API at 10,000 entries"
"$bin/glossa-corpus" --n 10000 --seed 42 --out "$work/c10k" >/dev/null 2>&1
site="$work/c10k/native"
build_times() {
    : >"$work/build.txt"
    for i in 1 2 3; do
        rm -rf "$site/public" "$site/.glossa"
        timed "$g" --root "$site" -q build | cut -d' ' -f1 >>"$work/build.txt"
    done
    median <"$work/build.txt"
}
with=$(build_times)
api="$site/public/api"
echo "api/terms.json: $(wc -c <"$api/terms.json") bytes, gzipped $(gzip -9 -c "$api/terms.json" | wc -c) bytes"
echo "api/: $(find "$api" -type f | wc -l) files, $(du -sk "$api" | cut -f1) KB on disk; an entry file: median $(find "$api" -name '*.json' ! -name terms.json -printf '%s\n' | median) bytes"
cp "$site/glossa.toml" "$work/glossa.toml"
printf '\n[api]\nenabled = false\n' >>"$site/glossa.toml"
without=$(build_times)
cp "$work/glossa.toml" "$site/glossa.toml"
echo "build: median ${with} s with the API, ${without} s without; ratio $(python3 -c "print(round($with / $without, 3))")"
