"""Parser throughput on one core: reports/s for text and HTML inputs of realistic size.

Not a test. Generates reports with the synthetic generator (every edition, realistic
layouts, a few KB of prose around the tables like real pages) and, when the corpus is
beside the repository, also times the real seed and dev files.

    .venv/bin/python bench/parse.py [--count 600]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from gongkai.generator import generate
from gongkai.mapper.parse import parse_bytes

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
PADDING = "本机关坚持以公开为常态、不公开为例外，持续完善政府信息公开工作机制，规范信息发布审核流程。\n" * 60


def _docs(layouts: tuple[str, ...], count: int) -> list[tuple[str, bytes]]:
    docs = []
    editions = ("E1", "E2", "E3", "prose")
    for i in range(count):
        s = generate(editions[i % 4], layouts[i % len(layouts)], i)
        text = s.text
        if s.layout != "html":
            text = PADDING + text  # real pages carry several KB of prose
        docs.append((s.name, text.encode("utf-8")))
    return docs


def _rate(docs: list[tuple[str, bytes]], rounds: int = 3) -> tuple[float, float]:
    """Median reports/s over ``rounds``, and mean KB per document."""
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for name, data in docs:
            parse_bytes(data, name)
        rates.append(len(docs) / (time.perf_counter() - t0))
    return statistics.median(rates), sum(len(d) for _, d in docs) / len(docs) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=400)
    args = ap.parse_args()
    rows = []
    text = _docs(("pipes", "cells", "tabs", "spaces"), args.count)
    html = _docs(("html",), args.count // 2)
    rows.append(("generated text (pipes/cells/tabs/spaces)", *_rate(text)))
    rows.append(("generated HTML pages", *_rate(html)))
    if CORPUS.is_dir():
        real = [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*/*.txt"))]
        rows.append((f"real corpus text ({len(real)} files)", *_rate(real * 10)))
    print(f"{'input':45} {'reports/s/core':>15} {'KB/report':>10}")
    for name, rate, size in rows:
        print(f"{name:45} {rate:15.0f} {size:10.1f}")
    print("targets: >= 300 text reports/s and >= 50 HTML reports/s per core")


if __name__ == "__main__":
    main()
