"""Benchmark SHACL validation: reports per second on one core, per edition, pyshacl vs pyrudof.

Run: ``.venv/bin/python bench/validate.py [--count N] [--repeat R]``. Reports are generated
(half with seeded identity errors), parsed and mapped to N-Quads before timing; the
timed part is validation of one report's N-Quads against every generated shape:

* ``pyshacl``: :func:`gongkai.shapes.validate` end to end (load into Oxigraph, pyshacl,
  skolemized N-Quads out), the engine gongkai uses;
* ``pyrudof``: the same shapes with pyrudof's native engine (per report: reset,
  read shapes and data, validate; no report serialisation), results counted and compared.

Rates are reports per CPU-second of this process (``time.process_time``), i.e. per
core, so that other work on a shared machine does not skew them; wall-clock rates are
printed too. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai.generator import LAYOUTS, generate  # noqa: E402
from gongkai.mapper.parse import parse_bytes  # noqa: E402
from gongkai.mapper.rdf import place, report_quads  # noqa: E402
from gongkai.model import Report  # noqa: E402
from gongkai.shapes import shapes_graph, validate  # noqa: E402
from gongkai.uris import Uris  # noqa: E402


def _reports(edition: str, count: int, uris: Uris) -> list[tuple[str, str]]:
    out = []
    for i in range(count):
        sample = generate(edition, LAYOUTS[i % len(LAYOUTS)], 1000 + i, errors=i % 2 == 1)
        report = parse_bytes(sample.text.encode(), sample.name)
        if isinstance(report, Report):
            placement = place(report, uris)
            out.append(("".join(report_quads(report, placement, uris)), placement.report))
    return out


Timing = tuple[float, float, int]  # CPU seconds, wall seconds, results found


def _pyshacl(reports: list[tuple[str, str]], uris: Uris) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    found = sum(len(validate(quads, iri, uris).results) for quads, iri in reports)
    return time.process_time() - cpu, time.perf_counter() - wall, found


def _pyrudof(reports: list[tuple[str, str]], uris: Uris) -> Timing | None:
    try:
        import pyrudof
    except ImportError:
        return None
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    shapes = shapes_graph(uris)
    cpu, wall = time.process_time(), time.perf_counter()
    found = 0
    for quads, _ in reports:
        # read_data(merge=False) still kept earlier reports (pyrudof 0.3.35); reset_data also
        # drops the shapes, so they are re-read each time (~3 ms)
        rudof.reset_data()
        rudof.read_shacl(shapes, format=pyrudof.ShaclFormat.Turtle)
        rudof.read_data(quads, format=pyrudof.RDFFormat.NQuads)
        found += len(rudof.validate_shacl())
    return time.process_time() - cpu, time.perf_counter() - wall, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=40, help="reports per edition")
    ap.add_argument("--repeat", type=int, default=3, help="best of R runs")
    args = ap.parse_args()
    uris = Uris()
    validate(*_reports("E3", 1, uris)[0], uris)  # warm-up: parse shapes once
    print(f"{'edition':8} {'triples':>8} {'pyshacl r/s':>12} {'(wall)':>8} {'pyrudof r/s':>12} {'(wall)':>8} "
          f"{'results':>9}")
    for edition in ("E1", "E2", "E3"):
        reports = _reports(edition, args.count, uris)
        triples = sum(q.count("\n") for q, _ in reports) / len(reports)
        shacl = min((_pyshacl(reports, uris) for _ in range(args.repeat)), key=lambda t: t[0])
        runs = [_pyrudof(reports, uris) for _ in range(args.repeat)]
        rudof = None if runs[0] is None else min((r for r in runs if r), key=lambda t: t[0])
        n = len(reports)
        rudof_cols = f"{n / rudof[0]:12.1f} {n / rudof[1]:8.1f}" if rudof else f"{'n/a':>12} {'':8}"
        counts = f"{shacl[2]}/{rudof[2] if rudof else '-'}"
        print(f"{edition:8} {triples:8.0f} {n / shacl[0]:12.1f} {n / shacl[1]:8.1f} {rudof_cols} {counts:>9}")
    print("r/s = reports per CPU-second (one core); results = validation results pyshacl/pyrudof found")


if __name__ == "__main__":
    main()
