"""``gongkai sample``: write synthetic reports (and their expected cells)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .generate import generate_many
from .model import EDITIONS, LAYOUTS


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sample",
        help="generate synthetic annual reports with known cells",
        description="Generate synthetic reports. Without --out, print the text; with --out, write "
                    "one file per report plus expected.jsonl (metadata and expected cells).",
    )
    p.add_argument("--edition", default="E2", choices=(*EDITIONS, "all"))
    p.add_argument("--layout", default="pipes", choices=(*LAYOUTS, "all"))
    p.add_argument("--count", type=int, default=1, help="number of reports (default 1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--errors", action="store_true", help="break 1–2 identities in every table report")
    p.add_argument("--out", type=Path, help="directory to write reports and expected.jsonl into")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    editions = EDITIONS if args.edition == "all" else (args.edition,)
    layouts = LAYOUTS if args.layout == "all" else (args.layout,)
    samples = generate_many(args.count, args.seed, editions, layouts, errors_rate=1.0 if args.errors else 0.0)
    if args.out is None:
        for i, sample in enumerate(samples):
            if args.count > 1:
                sys.stdout.write(f"{'' if i == 0 else chr(10)}===== {sample.name} =====\n")
            sys.stdout.write(sample.text)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (args.out / "expected.jsonl").open("w", encoding="utf-8") as expected:
        for sample in samples:
            (args.out / sample.name).write_text(sample.text, encoding="utf-8")
            expected.write(json.dumps(sample.to_json(), ensure_ascii=False) + "\n")
            n += 1
    print(f"wrote {n} reports and expected.jsonl to {args.out}", file=sys.stderr)
    return 0
