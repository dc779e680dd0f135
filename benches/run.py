#!/usr/bin/env python3
"""glossa's build benchmark: glossa against Hugo (and Hugo + Pagefind) on the same corpus.

For each N it generates a deterministic corpus with `glossa-corpus` (a glossa site and the
equivalent Hugo site), then times full builds from nothing (no output folder, no
`.glossa/` state; for Hugo no output folder): one warm-up, then RUNS timed runs, reporting
min / median / max wall time, median CPU time (user + system), median peak RSS, output bytes
and files. It also times glossa's rebuilds: with nothing changed, and with one entry
edited, and `glossa import` of the same entries as exported pages into an empty site.
Previous outputs (and an earlier run's corpus) are moved aside, not deleted, and removed
at the end, so no run pays for deleting the last one's files. Deleting many files has a
cost that comes later: ext4 without a journal (this machine's disk) skips inodes freed in
the last 30 s or so, and inodes sharing their table block, when it allocates new ones, so
a build that follows the deletion of a large tree spends seconds of system time scanning
(measured: a 10,000-entry build 5.0 → 6.4–7.8 s, system time 1.4 → 4.3–6.0 s). Where
deletions happen (glossa's edited rebuilds replace the output), the script waits
(`--settle`, default 35 s, after a `sync`) before timing the next tool. Hugo and Pagefind
are timed in the same run when installed (`hugo` from Debian, `pagefind` from npm:
`npm i -g pagefind` or `npx pagefind`), and the ratios printed. It ends with a markdown
table to paste into a note.

    python3 benches/run.py                 # N = 1000 and 10000
    python3 benches/run.py --n 100000      # any list of sizes
    python3 benches/run.py --runs 3 --work /tmp/glossa-bench

The machine is shared and noisy: compare medians and ratios from one run of this script,
never absolute figures from different runs.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, cwd=None):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak RSS KiB)."""
    fmt = "%e %U %S %M"
    tool = shutil.which("time") or "/usr/bin/time"
    start = time.perf_counter()
    proc = subprocess.run([tool, "-f", fmt, *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{proc.stderr}")
    last = proc.stderr.strip().splitlines()[-1].split()
    _, user, system, rss = last
    return wall, float(user) + float(system), int(rss)


def measure(name, cmd, runs, prepare=None):
    if prepare:
        prepare()
    timed(cmd)  # warm-up
    samples = []
    for _ in range(runs):
        if prepare:
            prepare()
        samples.append(timed(cmd))
    walls = [s[0] for s in samples]
    return {
        "name": name,
        "min": min(walls),
        "median": statistics.median(walls),
        "max": max(walls),
        "cpu": statistics.median(s[1] for s in samples),
        "rss": statistics.median(s[2] for s in samples),
    }


def settle(seconds):
    """Waits after deletions, so that the next build does not pay for them (see above)."""
    if seconds > 0:
        os.sync()
        time.sleep(seconds)


class Trash:
    """Moves folders aside instantly (a rename); deletes them all at the end."""

    def __init__(self, work):
        self.dir = Path(work) / "trash"
        self.count = 0

    def __call__(self, *paths):
        for path in paths:
            if Path(path).exists():
                self.dir.mkdir(parents=True, exist_ok=True)
                self.count += 1
                os.rename(path, self.dir / str(self.count))

    def empty(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def tree_size(path):
    files = 0
    size = 0
    for p in Path(path).rglob("*"):
        if p.is_file():
            files += 1
            size += p.stat().st_size
    return files, size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--work", default="/tmp/glossa-bench")
    ap.add_argument("--settle", type=float, default=35.0,
                    help="seconds to wait after deletions before timing the next tool")
    args = ap.parse_args()

    sh(["cargo", "build", "--release", "-q", "-p", "glossa", "-p", "glossa-corpus"], cwd=ROOT)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    glossa, corpus = target / "glossa", target / "glossa-corpus"
    hugo = shutil.which("hugo")
    pagefind = shutil.which("pagefind")
    work = Path(args.work)
    trash = Trash(work)
    trash.empty()
    rows = []
    for n in args.n:
        base = work / f"n{n}"
        trash(base)
        sh([corpus, "--n", str(n), "--seed", str(args.seed), "--out", base, "--format", "all"],
           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        settle(args.settle)
        native, out = base / "native", base / "public"
        results = {}
        build = [glossa, "-q", "--root", native, "build", "-o", out]
        results["glossa"] = measure(f"glossa build (N={n})", build, args.runs,
                                    prepare=lambda: trash(out, native / ".glossa"))
        results["glossa"]["files"], results["glossa"]["bytes"] = tree_size(out)
        results["glossa rebuild, nothing changed"] = measure(
            f"glossa rebuild, nothing changed (N={n})", build, args.runs)
        edited = sorted((native / "content" / "terms").glob("*.md"))[0]
        original = edited.read_text()
        edits = iter(range(1_000_000))
        results["glossa rebuild, one entry edited"] = measure(
            f"glossa rebuild, one entry edited (N={n})", build, args.runs,
            prepare=lambda: edited.write_text(original + f"\nEdit number {next(edits)}.\n"))
        edited.write_text(original)
        settle(args.settle)
        # Import: the same entries as exported pages (FORMAT.md §2) into an empty site.
        imported = base / "imported"
        results["glossa import"] = measure(
            f"glossa import (N={n})",
            [glossa, "-q", "--root", imported, "import", base / "export"], args.runs,
            prepare=lambda: (trash(imported), imported.mkdir()))
        results["glossa import"]["files"], results["glossa import"]["bytes"] = tree_size(imported)
        if hugo:
            hugo_out = base / "hugo-public"
            results["hugo"] = measure(f"hugo (N={n})",
                                      [hugo, "--quiet", "-s", base / "hugo", "-d", hugo_out], args.runs,
                                      prepare=lambda: trash(hugo_out))
            results["hugo"]["files"], results["hugo"]["bytes"] = tree_size(hugo_out)
            if pagefind:
                results["pagefind"] = measure(f"pagefind on hugo's output (N={n})",
                                              [pagefind, "--site", hugo_out], args.runs)
        rows.append((n, results))
    trash.empty()

    print()
    print("| N | tool | wall min / median / max (s) | CPU median (s) | peak RSS (MiB) | files | output (MB) | wall vs Hugo | wall vs glossa build |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, results in rows:
        hugo_median = results.get("hugo", {}).get("median")
        glossa_median = results["glossa"]["median"]
        for key, r in results.items():
            vs_hugo = f"{r['median'] / hugo_median:.2f}×" if hugo_median else "–"
            vs_glossa = f"{r['median'] / glossa_median:.2f}×" if key.startswith("glossa") else "–"
            files = r.get("files", "")
            mb = f"{r['bytes'] / 1e6:.1f}" if "bytes" in r else ""
            print(f"| {n} | {key} | {r['min']:.3f} / {r['median']:.3f} / {r['max']:.3f} | {r['cpu']:.2f} "
                  f"| {r['rss'] / 1024:.0f} | {files} | {mb} | {vs_hugo} | {vs_glossa} |")
        if "pagefind" in results and hugo_median:
            both = hugo_median + results["pagefind"]["median"]
            print(f"| {n} | hugo + pagefind | {both:.3f} (sum of medians) | | | | | "
                  f"glossa = {glossa_median / both:.2f}× | |")
    if not hugo:
        print("\n(hugo not installed: `apt-get install hugo` to compare)")
    if hugo and not pagefind:
        print("\n(pagefind not installed: `npm i -g pagefind` to time Hugo + Pagefind)")


if __name__ == "__main__":
    main()
