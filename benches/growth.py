#!/usr/bin/env python3
"""How glossa's full build grows with the site: N = 10,000 against N = 100,000 (any two sizes).

Issue #8's target is that time and memory grow no worse than linearly from 10,000 entries to
100,000. On a shared machine single builds of the same binary differ by 20%, and the load
drifts over minutes, so the sizes are alternated in rounds: each round builds the small site
`--small-runs` times and the large one once, from nothing (no output, no `.glossa/`), and
the round's growth is the large build over the median of that round's small builds. The
table gives the medians over rounds of wall time, CPU time (user + system) and peak RSS at
each size, and the median of the rounds' growth figures. With `--hugo`, Hugo builds the
equivalent sites in the same rounds (one build per size per round), for the growth of a
generator whose per-page work is all local.

    python3 benches/growth.py                        # 10,000 → 100,000, 3 rounds
    python3 benches/growth.py --rounds 5 --hugo
    python3 benches/growth.py --work /tmp/glossa-growth --settle 35   # on the disk

`--work` defaults to tmpfs (`/dev/shm`, where there is one; the 100,000-entry corpus, its
output and its Hugo twin take about 5 GB there): the disk's noise is left out, and so is
the cost a deletion passes on to the next build on ext4 without a journal (see run.py).
Each build's output is deleted before the next build, as there is no room to keep them all;
on a disk, `--settle 35` waits after each deletion.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, Trash, settle, sh, timed  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--small-runs", type=int, default=3, help="small builds per round")
    ap.add_argument("--hugo", action="store_true", help="time Hugo on the same corpora")
    ap.add_argument("--seed", type=int, default=42)
    shm = Path("/dev/shm")
    ap.add_argument("--work", default=str((shm if shm.is_dir() else Path("/tmp")) / "glossa-growth"))
    ap.add_argument("--settle", type=float, default=0.0,
                    help="seconds to wait after each deletion (on a disk folder)")
    args = ap.parse_args()

    sh(["cargo", "build", "--release", "-q", "-p", "glossa", "-p", "glossa-corpus"], cwd=ROOT)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    glossa, corpus = target / "glossa", target / "glossa-corpus"
    hugo = shutil.which("hugo") if args.hugo else None
    if args.hugo and not hugo:
        sys.exit("--hugo: hugo is not installed (apt-get install hugo)")
    work = Path(args.work)
    trash = Trash(work)
    trash.empty()
    sizes = {"small": args.small, "large": args.large}
    fmt = "all" if hugo else "native"
    for n in sizes.values():
        base = work / f"n{n}"
        if not (base / "native").exists() or (hugo and not (base / "hugo").exists()):
            sh([corpus, "--n", str(n), "--seed", str(args.seed), "--out", base, "--format", fmt],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def timed_clean(cmd, *outputs):
        """Times `cmd` writing `outputs` from nothing, then deletes them."""
        trash(*outputs)  # an earlier run's, if any
        sample = timed(cmd)
        trash(*outputs)
        trash.empty()
        settle(args.settle)
        return sample

    def glossa_build(n):
        native, out = work / f"n{n}" / "native", work / f"n{n}" / "public"
        return timed_clean([glossa, "-q", "--root", native, "build", "-o", out],
                           out, native / ".glossa")

    def hugo_build(n):
        out = work / f"n{n}" / "hugo-public"
        return timed_clean([hugo, "--quiet", "-s", work / f"n{n}" / "hugo", "-d", out], out)

    tools = {"glossa": (glossa_build, args.small_runs)}
    if hugo:
        tools["hugo"] = (hugo_build, 1)
    # samples[tool][size] = [(wall, cpu, rss)], growth[tool] = [(wall growth, cpu growth)]
    samples = {t: {"small": [], "large": []} for t in tools}
    growth = {t: [] for t in tools}
    for tool, (build, _) in tools.items():
        build(args.small)  # warm-up: the corpus in the page cache, the binary loaded
    for r in range(args.rounds):
        for tool, (build, small_runs) in tools.items():
            small = [build(args.small) for _ in range(small_runs)]
            large = build(args.large)
            samples[tool]["small"] += small
            samples[tool]["large"].append(large)
            wall = large[0] / statistics.median(s[0] for s in small)
            cpu = large[1] / statistics.median(s[1] for s in small)
            growth[tool].append((wall, cpu))
            print(f"round {r + 1} {tool}: {statistics.median(s[0] for s in small):.2f} s → "
                  f"{large[0]:.2f} s wall ({wall:.2f}×), CPU {cpu:.2f}×", file=sys.stderr)

    ratio = args.large / args.small
    print()
    print(f"| tool | N = {args.small:,} wall / CPU (s) | N = {args.large:,} wall / CPU (s) "
          f"| growth wall / CPU (median of rounds; linear = {ratio:g}×) | peak RSS (MiB) | RSS growth |")
    print("|---|---|---|---|---|---|")
    for tool in tools:
        med = {k: [statistics.median(s[i] for s in v) for i in range(3)]
               for k, v in samples[tool].items()}
        gw = statistics.median(g[0] for g in growth[tool])
        gc = statistics.median(g[1] for g in growth[tool])
        lo = min(g[0] for g in growth[tool])
        hi = max(g[0] for g in growth[tool])
        print(f"| {tool} | {med['small'][0]:.2f} / {med['small'][1]:.2f} "
              f"| {med['large'][0]:.2f} / {med['large'][1]:.2f} "
              f"| {gw:.2f}× ({lo:.2f}–{hi:.2f}) / {gc:.2f}× "
              f"| {med['small'][2] / 1024:.0f} → {med['large'][2] / 1024:.0f} "
              f"| {med['large'][2] / med['small'][2]:.2f}× |")
    print(f"\n{args.rounds} rounds; each: {args.small_runs} builds of N = {args.small:,} and one of "
          f"N = {args.large:,} for glossa" + (", one of each for Hugo" if hugo else "") + ".")


if __name__ == "__main__":
    main()
