"""``gongkai parse``: read reports and print what was found."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..model import Failure, Report
from .parse import parse_path
from .readers import MAX_BYTES

#: file suffixes picked up when a directory is given
SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx", ".doc")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("parse", help="parse reports and print cells, findings and warnings",
                       description="Parse annual reports (files or directories) into the report model.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or directories")
    p.add_argument("--format", choices=("jsonl", "table", "text"), default="jsonl",
                   help="jsonl: one JSON object per report (default); table: a readable summary; "
                        "text: the normalised document text that every cell's span indexes")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)")
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="refuse larger inputs (default 5 MiB)")
    p.set_defaults(handler=run_parse)


def iter_inputs(paths: Iterable[str]) -> Iterator[Path]:
    """Files named directly, and report files found below directories, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            yield path


def parse_many(files: list[Path], jobs: int = 0, max_bytes: int = MAX_BYTES) -> Iterator[Report | Failure]:
    """Parse ``files`` in order, in parallel when there are enough of them."""
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(files) < 8:
        for f in files:
            yield parse_path(f, max_bytes=max_bytes)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_parse_one, [(f, max_bytes) for f in files], chunksize=16)


def _parse_one(args: tuple[Path, int]) -> Report | Failure:
    path, max_bytes = args
    return parse_path(path, max_bytes=max_bytes)


def run_parse(args: argparse.Namespace) -> int:
    files = list(iter_inputs(args.paths))
    if not files:
        print("gongkai parse: no report files found in the given paths", file=sys.stderr)
        return 2
    failed = 0
    out = sys.stdout
    for result in parse_many(files, args.jobs, args.max_bytes):
        if isinstance(result, Failure):
            failed += 1
        if args.format == "jsonl":
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        elif args.format == "text" and isinstance(result, Report):
            out.write(result.text)
        else:
            out.write(render_table(result) + "\n")
    if failed:
        print(f"gongkai parse: {failed} of {len(files)} inputs failed", file=sys.stderr)
    return 1 if failed == len(files) else 0


def render_table(result: Report | Failure) -> str:
    """A readable summary of one result."""
    if isinstance(result, Failure):
        return f"{result.source.path}\n  ERROR: {result.error}\n"
    lines = [
        result.source.path,
        f"  agency: {result.agency or '?'}   year: {result.year or '?'}   edition: {result.edition}"
        f"   published: {result.published or '?'}   cells: {len(result.cells)}",
    ]
    table = None
    for cell in result.cells:
        if cell.table != table:
            table = cell.table
            lines.append(f"  [{cell.form} {table}]")
        value = "(blank)" if cell.blank else f"{cell.value}{cell.unit or ''}"
        lines.append(f"    {cell.row} / {cell.column}: {value}")
    for finding in result.findings:
        lines.append(f"  FINDING {finding.rule} ({finding.severity}): {finding.message}")
    for warning in result.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines) + "\n"
