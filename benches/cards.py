#!/usr/bin/env python3
"""What sharing cards cost: full builds of one corpus with `[sharing] cards` off, on with
an empty card cache, and on with the cache of an earlier build (what a rebuild after an
edit meets), alternated RUNS times; medians of wall and CPU time, output files and bytes.

    cargo build --release -p glossa -p glossa-corpus
    target/release/glossa-corpus --n 10000 --out /dev/shm/cards --format native
    python3 benches/cards.py --site /dev/shm/cards/native --runs 3

Each build starts from nothing but what it measures: no output folder, no `.glossa/`
(the warm runs keep only `.glossa/cards/`). Work on tmpfs (`/dev/shm`) so that deleting an
output between runs costs the next build nothing (see benches/run.py on ext4).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd):
    """(wall s, cpu s) of cmd under GNU time."""
    tool = shutil.which("time") or "/usr/bin/time"
    start = time.perf_counter()
    proc = subprocess.run([tool, "-f", "%U %S", *cmd], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{proc.stderr}")
    user, system = proc.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system)


def set_cards(site: Path, on: bool):
    config = site / "glossa.toml"
    text = config.read_text()
    head, _, _ = text.partition("\n[sharing]\n")
    config.write_text(head.rstrip("\n") + f"\n\n[sharing]\ncards = {str(on).lower()}\n")


def clean(site: Path, keep_cards: bool):
    shutil.rmtree(site / "public", ignore_errors=True)
    state = site / ".glossa"
    if not state.exists():
        return
    for child in state.iterdir():
        if keep_cards and child.name == "cards":
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


def output_size(public: Path):
    files = [p for p in public.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True, type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--glossa", type=Path, default=ROOT / "target/release/glossa")
    args = ap.parse_args()
    site = args.site.resolve()
    build = [str(args.glossa), "--root", str(site), "-q", "build"]
    results = {"off": [], "cold": [], "warm": []}
    sizes = {}
    for run in range(args.runs):
        for name in results:
            set_cards(site, name != "off")
            clean(site, keep_cards=(name == "warm"))
            if name == "warm" and not (site / ".glossa/cards").exists():
                sys.exit("warm run without a cache: the cold run must come first")
            wall, cpu = timed(build)
            results[name].append((wall, cpu))
            sizes[name] = output_size(site / "public")
            print(f"run {run + 1} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)
    set_cards(site, False)
    print("\n| cards | wall (median) | CPU (median) | output files | output bytes |")
    print("| --- | --- | --- | --- | --- |")
    for name, label in [("off", "off (default)"), ("cold", "on, empty cache"),
                        ("warm", "on, cache of an earlier build")]:
        wall = statistics.median(w for w, _ in results[name])
        cpu = statistics.median(c for _, c in results[name])
        files, size = sizes[name]
        print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {files:,} | {size / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
