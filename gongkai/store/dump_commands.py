"""``gongkai dump`` and ``gongkai export``: publishable files from the current build."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .dumps import dump, open_store, store_base
from .export import write_csv
from .layout import StoreDir, StoreMissing


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dump", help="write the store as gzipped N-Quads and Turtle, with SHA256SUMS and VoID",
        description="Write gongkai.nq.gz (every quad), gongkai.ttl.gz (the union of all graphs), dated "
                    "copies, .sha256 files, SHA256SUMS and void.ttl (VoID + DCAT) into --out.",
    )
    p.add_argument("--store", required=True, metavar="DIR", help="store directory")
    p.add_argument("--out", required=True, metavar="DIR", type=Path, help="output directory")
    p.add_argument("--per-report", action="store_true",
                   help="also one Turtle file per report graph under OUT/reports/")
    p.add_argument("--base", default=None, metavar="URI",
                   help="base IRI for download URLs and the endpoint (default: the store's)")
    p.add_argument("--sorted", dest="sorted_nquads", action="store_true",
                   help="write N-Quads in code-point order (one external sort; default: index order)")
    p.add_argument("--no-dated", dest="dated", action="store_false",
                   help="skip the dated copies gongkai-YYYYMMDD.*")
    p.set_defaults(handler=run_dump)

    e = sub.add_parser(
        "export", help="export observations as a tidy CSV table",
        description="One row per observation and per blank cell: agency, division, year, edition, table, "
                    "row, column, value, unit, blank, report, observation, source_sha256.",
    )
    e.add_argument("--store", required=True, metavar="DIR", help="store directory")
    e.add_argument("--format", default="csv", choices=("csv",))
    e.add_argument("--out", metavar="FILE", type=Path, help="output file (default: standard output)")
    e.add_argument("--excel", action="store_true", help="start with a UTF-8 byte-order mark for Excel")
    e.add_argument("--base", default=None, metavar="URI", help="base IRI (default: the store's)")
    e.set_defaults(handler=run_export)


def run_dump(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    try:
        result = dump(args.store, args.out, base=args.base, per_report=args.per_report,
                      sorted_nquads=args.sorted_nquads, dated=args.dated)
    except (StoreMissing, ValueError, OSError) as exc:
        print(f"gongkai dump: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - start
    for f in result.files:
        if f.latest:
            print(f"{f.path}: {f.size:,} bytes, sha256 {f.sha256}")
    if result.reports:
        print(f"reports/: {result.reports} per-report Turtle files")
    rate = result.quads / result.seconds["nquads"] if result.seconds.get("nquads") else 0.0
    print(f"{result.quads:,} quads, {result.triples:,} distinct triples, {result.graphs} graphs")
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
          + f"; total {seconds:.1f} s; N-Quads {rate:,.0f} quads/s")
    print(f"wrote {args.out}/SHA256SUMS and {args.out}/void.ttl")
    return 0


def run_export(args: argparse.Namespace) -> int:
    try:
        sd = StoreDir.at(args.store)
        uris = store_base(sd, args.base)
        store = open_store(sd)
    except (StoreMissing, ValueError, OSError) as exc:
        print(f"gongkai export: {exc}", file=sys.stderr)
        return 2
    bom = "\ufeff" if args.excel else ""
    if args.out is None:
        sys.stdout.reconfigure(encoding="utf-8", newline="")  # type: ignore[union-attr]
        sys.stdout.write(bom)
        write_csv(store, uris, sys.stdout)
        return 0
    part = args.out.with_name(args.out.name + ".part")
    with open(part, "w", encoding="utf-8", newline="") as f:
        f.write(bom)
        n = write_csv(store, uris, f)
    part.replace(args.out)
    print(f"{n:,} rows → {args.out}", file=sys.stderr)
    return 0
