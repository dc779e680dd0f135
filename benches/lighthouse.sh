#!/usr/bin/env bash
# Lighthouse 12.2.3 (pinned in benches/lighthouse/package.json) on every page kind of a
# glossa build, desktop and mobile, in Debian's Chromium; prints the four scores
# (performance, accessibility, best practices, SEO) of each run. Not run by CI.
#
#   benches/lighthouse.sh [SITE_ROOT]     # default: the example site (the repository root)
#
# Builds SITE_ROOT into a temporary folder with the debug binary (cargo build first),
# serves it on 127.0.0.1 (python3's http.server), and runs each page through Lighthouse.
# Reports (JSON) are kept under $OUT (default /tmp/glossa-lighthouse).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
site=${1:-$repo}
out=${OUT:-/tmp/glossa-lighthouse}
port=${PORT:-8765}
chrome=${CHROME_PATH:-/usr/bin/chromium}
glossa=${GLOSSA:-${CARGO_TARGET_DIR:-$repo/target}/debug/glossa}

if [ ! -x "$here/lighthouse/node_modules/.bin/lighthouse" ]; then
  npm ci --prefix "$here/lighthouse" --ignore-scripts --no-audit --no-fund >&2
fi
rm -rf "$out" && mkdir -p "$out"
"$glossa" --root "$site" -q build -o "$out/public"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/public" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1

# One page of each kind: the first term, definition and area of the build.
first() { find "$out/public/$1" -mindepth 2 -maxdepth 2 -name index.html | sort | head -1 | sed "s|$out/public||; s|index.html$||"; }
pages=(
  "home /"
  "term $(first term)"
  "definition $(first definition)"
  "area $(first area)"
  "glossary /glossary/"
  "list /term/"
  "search /search/?q=price"
  "404 /404.html"
)

printf '%-11s %-8s %5s %5s %5s %5s  %s\n' kind form perf a11y bp seo path
for form in desktop mobile; do
  for entry in "${pages[@]}"; do
    kind=${entry%% *}
    path=${entry#* }
    report="$out/$kind-$form.json"
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    CHROME_PATH=$chrome "$here/lighthouse/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$path" \
      "${preset[@]}" --quiet --output=json --output-path="$report" \
      --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
    python3 - "$report" "$kind" "$form" "$path" <<'PY'
import json, sys
report, kind, form, path = sys.argv[1:]
try:
    cats = json.load(open(report))["categories"]
    s = [round(100 * (cats[c]["score"] or 0)) for c in ("performance", "accessibility", "best-practices", "seo")]
except Exception as e:
    s = ["err"] * 4
print(f"{kind:<11} {form:<8} {s[0]:>5} {s[1]:>5} {s[2]:>5} {s[3]:>5}  {path}")
PY
  done
done
