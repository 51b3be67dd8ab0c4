"""``gongkai demo`` (what ``make run`` runs): sample → build → dump → serve.

A thin sequence of the real commands, so the demo exercises exactly what users run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="build the bundled sample into a store and serve it",
                       description="Generate sample reports of every edition and layout, build them into "
                                   "an embedded store, write dumps, and serve it.")
    p.add_argument("--dir", default=".gongkai-demo", help="working directory (default .gongkai-demo)")
    p.add_argument("--count", type=int, default=60, help="sample reports to generate (default 60)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="stop after building and dumping")
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from .cli import main

    root = Path(args.dir)
    sample, store = root / "sample", root / "store"
    if sample.exists():
        shutil.rmtree(sample)
    # the default base's host, so the README's example queries run as written on the demo
    host = "localhost" if args.host in ("127.0.0.1", "localhost", "::1") else args.host
    base = f"http://{host}:{args.port}/"
    steps = [
        ["sample", "--edition", "all", "--layout", "all", "--count", str(args.count), "--seed", "1",
         "--out", str(sample / "clean")],
        # a few reports whose printed numbers do not add up, to show findings
        ["sample", "--edition", "all", "--layout", "all", "--count", str(max(4, args.count // 10)),
         "--seed", "7", "--errors", "--out", str(sample / "errors")],
        ["build", str(sample), "--store", str(store), "--base", base],
        ["dump", "--store", str(store), "--out", str(store / "dumps")],
    ]
    for step in steps:
        print(f"$ gongkai {' '.join(step)}", file=sys.stderr)
        code = main(step)
        if code:
            print(f"gongkai demo: step `{step[0]}` failed (exit {code})", file=sys.stderr)
            return code
    if args.no_serve:
        return 0
    print(f"serving the sample on {base}  (Ctrl-C to stop)", file=sys.stderr)
    return main(["serve", "--store", str(store), "--host", args.host, "--port", str(args.port)])
