#!/usr/bin/env python3
"""Benchmarks `glossa serve` on a generated corpus (default 10,000 entries, seed 42).

Prints the medians issue #7 asks for:

- save → reload: the time from saving one entry (a temporary file renamed over it, as
  editors save) to the `reload` event on the event stream and then to the page fetched
  with the new text; median (and min/max) over --edits edits of different terms, each a
  body edit (the usual case) and, separately, a description edit (which also rebuilds
  the pages listing the entry);
- /api/search under a burst of 1,000 requests from 50 concurrent clients (the queries of
  benches/search-queries.txt in turn): p50 and p99 latency as the clients see it, and
  errors.

Usage: python3 benches/serve.py [--n 10000] [--edits 15] [--out /tmp/glossa-serve-bench]
Needs the Rust toolchain and python3 only.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def http_get(port, path, timeout=30):
    """A GET on a fresh connection; returns (status, body bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body


class Events:
    """The server-sent event stream, read on a thread; events are (time, name, data)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__glossa/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.events = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf = b""
        name, data = None, []
        while True:
            b = self.sock.recv(65536)
            if not b:
                return
            buf += b
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.rstrip(b"\r").decode("utf-8", "replace")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip(" "))
                elif line == "" and name:
                    with self.cond:
                        self.events.append((time.perf_counter(), name, "\n".join(data)))
                        self.cond.notify_all()
                    name, data = None, []

    def wait(self, name, since, timeout=30, has=""):
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for t, n, d in self.events:
                    if n == name and t >= since and has in d:
                        return t, d
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"no {name} event")
                self.cond.wait(left)


def save(path, text):
    d, name = os.path.split(path)
    tmp = os.path.join(d, "." + name + ".tmp")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def stats(xs):
    xs = sorted(xs)
    return f"median {statistics.median(xs):7.1f} ms  (min {xs[0]:.1f}, max {xs[-1]:.1f}, n={len(xs)})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--out", default="/tmp/glossa-serve-bench")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "-q", "-p", "glossa", "-p", "glossa-corpus"],
                   cwd=REPO, check=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "glossa", "--example", "serve_burst"],
                   cwd=REPO, check=True)
    corpus = os.path.join(args.out, "corpus")
    root = os.path.join(corpus, "native")
    if not os.path.isfile(os.path.join(root, "glossa.toml")):
        subprocess.run([os.path.join(REPO, "target/release/glossa-corpus"), "--n", str(args.n),
                        "--seed", "42", "--out", corpus], check=True, stdout=subprocess.DEVNULL)
    site = os.path.join(args.out, "site")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(root, site, ignore=shutil.ignore_patterns(".glossa", "public"))

    started = time.perf_counter()
    server = subprocess.Popen([os.path.join(REPO, "target/release/glossa"), "--root", site,
                               "serve", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log = []
    threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
    try:
        line = server.stdout.readline()
        m = re.match(r"serving on http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            sys.exit(f"unexpected output {line!r}; stderr: {''.join(log)}")
        port = int(m.group(1))
        print(f"== glossa serve on {args.n} entries: serving after {time.perf_counter() - started:.1f} s")
        events = Events(port)
        events.wait("hello", 0)

        terms = sorted(os.listdir(os.path.join(site, "content/terms")))
        step = max(1, len(terms) // (2 * args.edits + 1))
        picks = terms[::step][: 2 * args.edits]
        results = {"body": ([], []), "description": ([], [])}
        for i, name in enumerate(picks):
            kind = "body" if i % 2 == 0 else "description"
            path = os.path.join(site, "content/terms", name)
            slug = name[:-3]
            with open(path) as f:
                text = f.read()
            marker = f"bench edit {i} {time.time_ns()}"
            if kind == "body":
                new = text.rstrip("\n") + f"\n\nA sentence from the {marker}.\n"
            else:
                new = re.sub(r'^description = "', f'description = "{marker}: ', text, count=1, flags=re.M)
            time.sleep(2.5)  # let the previous change settle (See also included)
            t0 = time.perf_counter()
            save(path, new)
            t_event, data = events.wait("reload", t0, has=f'"/term/{slug}/"')
            status, body = http_get(port, f"/term/{slug}/")
            t1 = time.perf_counter()
            if status != 200 or marker.encode() not in body:
                sys.exit(f"page not updated after the reload event ({status})")
            results[kind][0].append((t_event - t0) * 1000)
            results[kind][1].append((t1 - t0) * 1000)
        for kind, (to_event, to_page) in results.items():
            print(f"save → reload event   ({kind} edit)        {stats(to_event)}")
            print(f"save → page fetched   ({kind} edit)        {stats(to_page)}")
        rebuilds = [l.strip() for l in log if "rebuild:" in l]
        if rebuilds:
            print("server's own log, last rebuilds:")
            for l in rebuilds[-2:]:
                print("   ", l)
        settles = [int(m.group(1)) for l in log
                   for m in [re.search(r"see also brought up to date: .* in (\d+) ms", l)] if m]
        if settles:
            print(f"See also recomputed after each pause (server log): median {statistics.median(settles)} ms, n={len(settles)}")

        queries = []
        with open(os.path.join(HERE, "search-queries.txt")) as f:
            for l in f:
                l = l.strip()
                if l and not l.startswith("#"):
                    queries.append(l)
        paths = [f"/api/search?q={urllib.parse.quote(q)}" for q in queries]

        def one(i):
            path = paths[i % len(paths)]
            t = time.perf_counter()
            try:
                status, body = http_get(port, path)
            except OSError as e:
                return None, str(e)
            return (time.perf_counter() - t) * 1000, None if status == 200 and body else f"status {status}"

        # The burst comes from a small Rust client (examples/serve_burst.rs): Python's
        # threads would cost the two cores more than the server does.
        burst = [os.path.join(REPO, "target/release/examples/serve_burst"), str(port),
                 os.path.join(HERE, "search-queries.txt"), "1000", "50"]
        for label, extra in (("cache empty at the start", []), ("answers cached", []),
                             ("no two requests alike (almost nothing cached)", ["--vary-limit"])):
            out = subprocess.run(burst + extra, capture_output=True, text=True, check=True)
            print(f"/api/search burst, {label}: {out.stdout.strip()}")
        # Answers are cached by the query as written until the index changes: a trailing
        # space makes a new question (the same work) that no burst asked.
        for label in ("not cached", "cached"):
            seq = []
            for p in paths:
                t = time.perf_counter()
                http_get(port, p + "%20")
                seq.append((time.perf_counter() - t) * 1000)
            print(f"/api/search one at a time, {label} ({len(paths)} queries): "
                  f"median {statistics.median(seq):.1f} ms, max {max(seq):.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
