"""Benchmark ``gongkai build`` on synthetic reports against pyoxigraph's own bulk_load.

    .venv/bin/python bench/build.py                       # 1,000 reports
    .venv/bin/python bench/build.py --sizes 1000,10000    # also 10,000 (minutes, several GB of disk)

For each size: generate the reports with ``gongkai.generator.generate_many`` into a
temporary directory, build a store without validation (parse+map reports/s, load
triples/s), build again with validation when ``gongkai.shapes`` provides it (fresh
cache), then dump the first store to one N-Quads file and time ``Store.bulk_load`` of
that file into an empty store: the ceiling. Target: the build's load ≥ 50 % of it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongkai.generator import generate_many  # noqa: E402
from gongkai.store import StoreDir  # noqa: E402
from gongkai.store.build import BuildResult, build, load_quads  # noqa: E402
from gongkai.store.spool import Spool  # noqa: E402
from gongkai.store.work import validator  # noqa: E402


def generate(folder: Path, count: int, seed: int) -> float:
    """``count`` distinct reports over every edition and layout (one per agency and year)."""
    start = time.perf_counter()
    folder.mkdir(parents=True)
    for sample in generate_many(count, seed):
        (folder / sample.name).write_text(sample.text, "utf-8")
    return time.perf_counter() - start


def _timed_load(work: Path, load) -> tuple[int, float, float]:  # type: ignore[no-untyped-def]
    path = work / "timed"
    store = ox.Store(str(path))
    start = time.perf_counter()
    load(store)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    store.optimize()
    optimized = time.perf_counter() - start
    n = len(store)
    del store
    shutil.rmtree(path)
    return n, loaded, optimized


def ceiling(store_root: Path, work: Path, repeat: int) -> dict[str, tuple[int, float, float]]:
    """Best-of-``repeat`` (quads, bulk-load s, optimize s): pyoxigraph from the file's path
    (the ceiling) and the build's own loader over a spool of the same quads, alternated
    so both see the same machine load."""
    dump = work / "all.nq"
    ox.Store.read_only(str(StoreDir.at(store_root).oxigraph_path())).dump(dump, format=ox.RdfFormat.N_QUADS)
    spool, keys, carry = Spool(work / "spool.nq"), [], b""
    with dump.open("rb") as f:  # many segments, as in a build
        for chunk in iter(lambda: f.read(1 << 22), b""):
            head, _, carry = (carry + chunk).rpartition(b"\n")
            keys.append(f"c{len(keys)}")
            spool.add(keys[-1], (head + b"\n").decode())
    assert not carry
    best: dict[str, tuple[int, float, float]] = {}
    for _ in range(repeat):
        for name, load in (("ceiling", lambda s: s.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)),
                           ("replay", lambda s: load_quads(s, spool.reader(keys)))):
            got = _timed_load(work, load)
            if name not in best or got[1] < best[name][1]:
                best[name] = got
    spool.remove()
    dump.unlink()
    return best


def row(label: str, *cells: str) -> str:
    return f"{label:<34}" + "".join(f"{c:>16}" for c in cells)


def run(size: int, jobs: int, validate: bool, work: Path, repeat: int) -> list[str]:
    inputs = work / "reports"
    gen = generate(inputs, size, seed=size)
    plain: BuildResult = build([inputs], work / "store", jobs=jobs, validate=False, progress=None)
    lines = [f"\n== {size:,} reports (generated in {gen:.1f} s), {plain.jobs} jobs, "
             f"{plain.loaded:,} triples; {len(plain.failed)} failed (mostly agency+year duplicates: "
             f"{sum('duplicate report' in e for _, e in plain.failed)})"]
    lines.append(row("", "seconds", "reports/s", "triples/s", "% of ceiling"))
    lines.append(row("parse+map", f"{plain.map_seconds:.1f}", f"{plain.inputs / plain.map_seconds:,.1f}", "", ""))
    if validate and validator() is not None:
        checked = build([inputs], work / "store-validated", jobs=jobs, validate=True, progress=None)
        lines.append(row("parse+map+validate", f"{checked.map_seconds:.1f}",
                         f"{checked.inputs / checked.map_seconds:,.1f}", "", ""))
        lines.append(f"   ({checked.validation})")
        shutil.rmtree(work / "store-validated")
    best = ceiling(work / "store", work, repeat)
    n, bulk, opt = best["ceiling"]
    assert n == plain.triples == best["replay"][0], (n, plain.triples, best["replay"][0])
    load_only = plain.load_seconds - plain.optimize_seconds
    _, replay, replay_opt = best["replay"]

    def pct(seconds: float) -> str:
        return f"{100 * bulk / seconds:.0f} %"

    lines.append(row("ceiling: Store.bulk_load(path=)", f"{bulk:.1f}", "", f"{n / bulk:,.0f}", "100 %"))
    lines.append(row("build's loader, replayed", f"{replay:.1f}", "", f"{n / replay:,.0f}", pct(replay)))
    lines.append(row("build's load, in the build", f"{load_only:.1f}", "", f"{n / load_only:,.0f}", pct(load_only)))
    lines.append(row("ceiling + optimize()", f"{bulk + opt:.1f}", "", f"{n / (bulk + opt):,.0f}", ""))
    lines.append(row("build load + optimize()", f"{plain.load_seconds:.1f}", "",
                     f"{n / plain.load_seconds:,.0f}", f"{100 * (bulk + opt) / plain.load_seconds:.0f} %"))
    lines.append(row("whole build (no validation)", f"{plain.seconds:.1f}", f"{plain.inputs / plain.seconds:,.1f}",
                     f"{n / plain.seconds:,.0f}", ""))
    lines.append(f"   load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other processes skew all rates)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="comma-separated report counts (default 1000)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    parser.add_argument("--no-validate", dest="validate", action="store_false", help="skip the validated run")
    parser.add_argument("--repeat", type=int, default=2, help="best of N for the load comparison (default 2)")
    parser.add_argument("--tmp", default=None, help="scratch directory (default: system temp)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, pyoxigraph {ox.__version__}")
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-", dir=args.tmp) as tmp:
            for line in run(size, args.jobs, args.validate, Path(tmp), args.repeat):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
