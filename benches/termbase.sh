#!/usr/bin/env bash
# Termbase and JSON API figures, medians of 3 runs of the release binary:
#
#   1. `glossa import` of a 100,000-row CSV into an empty site: wall time and peak RSS
#      (/usr/bin/time -v). The sheet is the benchmark corpus (glossa-corpus --n 100000)
#      written by `glossa export terms --format csv`, so its rows are realistic entries
#      (multi-paragraph bodies, aliases, related lists, areas).
#   2. The JSON API at 10,000 entries: api/terms.json raw and gzipped, the whole api/
#      folder, and the build time with the API and with `[api] enabled = false` (each
#      build from scratch: public/ and .glossa/ removed; the two alternate).
#
# Every timed run follows a pause (SETTLE seconds, default 35) after the deletion of the
# previous run's files: on ext4 without a journal, writing many files right after deleting
# many costs seconds of system time (see benches/run.py). Wall time and CPU time
# (user + system) are both given: on a shared machine the CPU time varies less.
#
# Usage: benches/termbase.sh [WORK_DIR] [csv|api|all]   (default: a temporary folder, all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
what=${2:-all}
settle=${SETTLE:-35}
cargo build --release --quiet --bin glossa --bin glossa-corpus
bin=${CARGO_TARGET_DIR:-target}/release
g=$bin/glossa

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# `/usr/bin/time -v` of a command: "<wall s> <peak KB> <cpu s>".
timed() {
    sync
    sleep "$settle"
    /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt"; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]}
                /User time/ {u=$2} /System time/ {y=$2}
                /Maximum resident set size/ {kb=$2}
                END {print s, kb, u + y}' "$work/time.txt"
}

col() { cut -d' ' -f"$1" "$2" | median; }

if [ "$what" != api ]; then
echo "== 100,000-row CSV"
"$bin/glossa-corpus" --n 100000 --seed 42 --out "$work/c100k" >/dev/null 2>&1
"$g" --root "$work/c100k/native" -q export terms --format csv -o "$work/terms.csv"
rows=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8'))) - 1)" "$work/terms.csv")
echo "sheet: $rows rows, $(du -m "$work/terms.csv" | cut -f1) MB"
rm -rf "$work/c100k"
: >"$work/import.txt"
for i in 1 2 3; do
    rm -rf "$work/site" && mkdir -p "$work/site"
    echo 'title = "Imported"' >"$work/site/glossa.toml"
    r=$(timed "$g" --root "$work/site" -q import "$work/terms.csv")
    echo "  run $i: $r (wall s, peak KB, cpu s)"
    echo "$r" >>"$work/import.txt"
done
echo "import: median $(col 1 "$work/import.txt") s wall, $(col 3 "$work/import.txt") s CPU, peak RSS median $(( $(col 2 "$work/import.txt") / 1024 )) MB"
r=$(timed "$g" --root "$work/site" -q import "$work/terms.csv")
echo "import again (nothing to write; the 100,000-entry site is loaded): $r (wall s, peak KB, cpu s)"
rm -rf "$work/site"
fi

if [ "$what" != csv ]; then
echo "== JSON API at 10,000 entries"
"$bin/glossa-corpus" --n 10000 --seed 42 --out "$work/c10k" >/dev/null 2>&1
site="$work/c10k/native"
cp "$site/glossa.toml" "$work/glossa.toml"
: >"$work/with.txt"
: >"$work/without.txt"
for i in 1 2 3; do
    for mode in with without; do
        cp "$work/glossa.toml" "$site/glossa.toml"
        [ "$mode" = with ] || printf '\n[api]\nenabled = false\n' >>"$site/glossa.toml"
        rm -rf "$site/public" "$site/.glossa"
        r=$(timed "$g" --root "$site" -q build)
        echo "  run $i $mode the API: $r (wall s, peak KB, cpu s)"
        echo "$r" >>"$work/$mode.txt"
        if [ "$mode" = with ] && [ "$i" = 1 ]; then
            api="$site/public/api"
            echo "api/terms.json: $(wc -c <"$api/terms.json") bytes, gzipped $(gzip -9 -c "$api/terms.json" | wc -c) bytes"
            echo "api/: $(find "$api" -type f | wc -l) files, $(du -sk "$api" | cut -f1) KB on disk; an entry file: median $(find "$api" -name '*.json' ! -name terms.json -printf '%s\n' | median) bytes"
        fi
    done
done
cp "$work/glossa.toml" "$site/glossa.toml"
w=$(col 1 "$work/with.txt"); wo=$(col 1 "$work/without.txt")
cw=$(col 3 "$work/with.txt"); cwo=$(col 3 "$work/without.txt")
echo "build: median ${w} s wall (${cw} s CPU) with the API, ${wo} s wall (${cwo} s CPU) without; ratio $(python3 -c "print(round($w / $wo, 3))") wall, $(python3 -c "print(round($cw / $cwo, 3))") CPU"
fi
