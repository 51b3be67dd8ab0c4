"""Rough throughput of ``gongkai serve``: resource lookups, Turtle documents and small SPARQL
queries over real HTTP (threads × keep-alive clients).

    .venv/bin/python bench/serve.py [--store DIR] [--seconds 5] [--clients 16]

Without ``--store`` it builds a small synthetic store in a temporary directory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.server.testing import make_store, report_nquads  # noqa: E402
from gongkai.uris import Uris  # noqa: E402
from tests.server_fixtures import start_server  # noqa: E402


def hammer(url: str, paths: list[tuple[str, dict[str, str]]], seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def run(k: int) -> None:
        nonlocal errors
        mine = []
        with httpx.Client(base_url=url, timeout=30) as c:
            i = k
            while time.monotonic() < stop:
                path, headers = paths[i % len(paths)]
                t0 = time.perf_counter()
                r = c.get(path, headers=headers)
                mine.append(time.perf_counter() - t0)
                if r.status_code >= 400:
                    with lock:
                        errors += 1
                i += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {"req/s": len(latencies) / seconds, "p50 ms": statistics.median(latencies) * 1000,
            "p99 ms": latencies[int(len(latencies) * 0.99) - 1] * 1000, "errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store")
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--clients", type=int, default=16)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    store = Path(args.store or tmp.name)
    base = "http://localhost:8000/"
    if not args.store:
        make_store(store, base, report_nquads(Uris(base), 5))
    proc, url = start_server(store, store / "bench-server.log", "--no-access-log")
    try:
        q = httpx.get(url + "/sparql", params={"query": "SELECT ?r { ?r a ?t FILTER(CONTAINS(STR(?t), 'AnnualReport')) } LIMIT 20"})
        reports = [b["r"]["value"] for b in q.json()["results"]["bindings"]]
        docs = [(quote("/doc/" + r.split("/id/", 1)[1]), {"Accept": "text/turtle"}) for r in reports]
        html = [(quote("/doc/" + r.split("/id/", 1)[1]), {"Accept": "text/html"}) for r in reports]
        sparql = [("/sparql?query=" + quote(f"SELECT ?p ?o {{ <{r}> ?p ?o }}"), {}) for r in reports]
        for name, paths in (("turtle doc", docs), ("html report page", html), ("sparql lookup", sparql)):
            print(name, {k: round(v, 1) for k, v in hammer(url, paths, args.seconds, args.clients).items()})
    finally:
        proc.terminate()
        proc.wait(10)
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
