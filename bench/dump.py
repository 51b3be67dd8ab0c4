"""Benchmark ``gongkai dump`` against the ceiling: one ``Store.dump`` pass over the same store.

    .venv/bin/python bench/dump.py                       # 1,000 generated reports
    .venv/bin/python bench/dump.py --store /tmp/gkb/store-10000-1 --repeat 1
    .venv/bin/python bench/dump.py --reference           # also the SPARQL VoID statistics

Per run: the ceiling (a child process writing every quad as N-Quads to /dev/null, what
the dump's store reader does), then ``dump`` with ``--per-report`` and its steps: the
store pass (N-Quads file, feeding ``sort -u`` and the per-report files), the Turtle merge
with the VoID statistics counted from it, and ``void.ttl``. ``--reference`` also times
what these replaced: four SPARQL scans for the statistics (``collect_stats``) and one for
the distinct-triple count (``distinct_triples``, what ``build --update`` still runs).
Best of ``--repeat``; other processes on the machine skew every rate (load average shown).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.build import generate  # noqa: E402
from gongkai.store import StoreDir  # noqa: E402
from gongkai.store.build import build  # noqa: E402
from gongkai.store.dumps import _READER, DumpResult, dump, store_base  # noqa: E402


def ceiling(store: Path) -> float:
    """Seconds for the store reader alone (N-Quads into /dev/null)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run([sys.executable, "-c", _READER, str(StoreDir.at(store).oxigraph_path())], stdout=null,
                       check=True)
    return time.perf_counter() - start


def timed_dump(store: Path, out: Path) -> tuple[float, DumpResult]:
    start = time.perf_counter()
    result = dump(store, out, per_report=True, dated=False)
    return time.perf_counter() - start, result


def reference(store: Path) -> list[str]:
    from gongkai.store.describe import collect_stats
    from gongkai.store.void import distinct_triples

    sd = StoreDir.at(store)
    uris = store_base(sd)
    oxs = ox.Store.read_only(str(sd.oxigraph_path()))
    start = time.perf_counter()
    collect_stats(oxs, uris)
    stats = time.perf_counter() - start
    start = time.perf_counter()
    distinct_triples(oxs, uris)
    distinct = time.perf_counter() - start
    return [f"{'VoID stats by SPARQL (old dump)':<40}{stats:>10.1f} s",
            f"{'distinct triples by SPARQL (--update)':<40}{distinct:>10.1f} s"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store directory (default: build one)")
    parser.add_argument("--reports", type=int, default=1000, help="reports to generate (default 1000)")
    parser.add_argument("--repeat", type=int, default=2, help="best of N (default 2)")
    parser.add_argument("--reference", action="store_true", help="also time the SPARQL statistics")
    parser.add_argument("--tmp", default=None, help="scratch directory (default: system temp)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, pyoxigraph {ox.__version__}")
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-dump-", dir=args.tmp) as tmp:
        work = Path(tmp)
        store = args.store
        if store is None:
            generate(work / "reports", args.reports, seed=args.reports)
            store = work / "store"
            build([work / "reports"], store, jobs=0, validate=False, progress=None)
        best_ceiling, best = float("inf"), None
        for i in range(args.repeat):
            best_ceiling = min(best_ceiling, ceiling(store))
            got = timed_dump(store, work / f"out{i}")
            if best is None or got[0] < best[0]:
                best = got
        assert best is not None
        total, result = best
        rate = result.quads / best_ceiling
        print(f"\n{result.quads:,} quads, {result.triples:,} distinct triples, {result.reports:,} report files")
        print(f"{'step':<40}{'seconds':>12}{'quads/s':>14}{'% of ceiling':>14}")
        print(f"{'ceiling: Store.dump N-Quads → /dev/null':<40}{best_ceiling:>10.1f} s{rate:>14,.0f}{'100 %':>14}")
        steps = [("store pass (nq.gz + sort feed + reports)", result.seconds["nquads"]),
                 ("  of which per-report Turtle", result.seconds.get("reports", 0.0)),
                 ("Turtle merge + VoID statistics", result.seconds["turtle"]),
                 ("void.ttl", result.seconds.get("void", 0.0)),
                 ("whole dump (--per-report)", total)]
        for label, seconds in steps:
            pct = f"{100 * best_ceiling / seconds:.0f} %" if not label.startswith(("  ", "void")) else ""
            print(f"{label:<40}{seconds:>10.1f} s{result.quads / seconds:>14,.0f}{pct:>14}")
        if args.reference:
            print("\n".join(reference(store)))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other processes skew all rates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
