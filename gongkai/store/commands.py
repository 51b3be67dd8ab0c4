"""``gongkai build``: read reports into the store (other store commands live elsewhere)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..uris import DEFAULT_BASE
from .build import BuildError, BuildResult, build
from .layout import StoreMissing
from .manifest import ManifestError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build", help="parse, map, validate and load reports into a store (published atomically)",
        description="Build an Oxigraph store from annual reports. The new build becomes current only "
                    "when it is complete; a failed or interrupted build leaves the current one untouched.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="report files or directories (default: the files the manifest names)")
    p.add_argument("--store", required=True, metavar="DIR", help="store directory")
    p.add_argument("--base", default=None, help=f"base IRI (default {DEFAULT_BASE}; --update keeps the store's)")
    p.add_argument("--manifest", metavar="FILE",
                   help="JSONL or CSV with path/file, url, retrieved for each input")
    p.add_argument("--update", action="store_true",
                   help="copy the current build and add or replace only the given reports' graphs")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: one per core)")
    p.add_argument("--no-validate", dest="validate", action="store_false", help="skip SHACL validation")
    p.set_defaults(handler=run_build)


def run_build(args: argparse.Namespace) -> int:
    if not args.paths and not args.manifest:
        print("gongkai build: give report files or directories, or --manifest", file=sys.stderr)
        return 2
    try:
        result = build(args.paths, args.store, base=args.base, manifest=args.manifest, update=args.update,
                       jobs=args.jobs, validate=args.validate)
    except (BuildError, StoreMissing, ManifestError) as exc:
        print(f"gongkai build: {exc}", file=sys.stderr)
        return 2
    print_summary(result, sys.stdout)
    return 1 if result.reports == 0 else 0


def print_summary(r: BuildResult, out: TextIO) -> None:
    """The closing summary: reads, failures with reasons, findings by rule, triples and speed."""
    rate = r.loaded / r.load_seconds if r.load_seconds else 0.0
    per_report = r.inputs / r.map_seconds if r.map_seconds else 0.0
    out.write(f"{r.inputs} reports read: {r.reports} loaded, {len(r.failed)} failed\n")
    out.write(f"parse+map+validate: {r.map_seconds:.1f} s ({per_report:.1f} reports/s, {r.jobs} jobs)\n")
    out.write(f"load: {r.loaded:,} triples in {r.load_seconds:.1f} s ({rate:,.0f} triples/s)\n")
    out.write(f"store: {r.triples:,} triples, {r.observations:,} observations\n")
    out.write(f"total: {r.seconds:.1f} s ({r.loaded / r.seconds if r.seconds else 0:,.0f} triples/s)\n")
    out.write(f"validation: {r.validation}\n")
    if r.replaced:
        out.write(f"replaced {len(r.replaced)} report graph(s)\n")
    if r.findings:
        out.write("findings by rule:\n")
        for rule, n in sorted(r.findings.items()):
            out.write(f"  {rule}: {n}\n")
    if r.failed:
        out.write("failed:\n")
        for path, error in r.failed:
            out.write(f"  {path}: {error}\n")
    if r.published and r.build is not None:
        out.write(f"published {r.build}\n")
    else:
        out.write("nothing published: every input failed; the current build is unchanged\n")
