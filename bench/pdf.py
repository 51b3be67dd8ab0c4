"""Benchmark the PDF reader: pages per second on one core over the dev PDFs.

Run: ``.venv/bin/python bench/pdf.py [FILE.pdf ...] [--repeat N]``. Without files it reads
``$GONGKAI_CORPUS/dev-pdf/*.pdf`` (default ``../shared/corpus``). Not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai.mapper.readers import pdf  # noqa: E402


def _files(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    root = Path(os.environ.get("GONGKAI_CORPUS", REPO.parent / "shared" / "corpus"))
    return sorted((root / "dev-pdf").glob("*.pdf"))


def _time(fn, data: bytes, repeat: int) -> float:
    """Best-of-``repeat`` wall time of ``fn(data)`` (single process: one core)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    ns = ap.parse_args()
    files = _files(ns.files)
    if not files:
        sys.exit("no PDFs found (pass files or set GONGKAI_CORPUS)")
    total_pages = total_parse = total_read = 0.0
    print(f"{'file':32} {'pages':>5} {'parse p/s':>10} {'read p/s':>9} {'lines':>6} {'rows':>5}")
    for path in files:
        data = path.read_bytes()
        pages = len(pdf.read_pdf_pages(data))
        t_parse = _time(pdf.read_pdf_pages, data, ns.repeat)
        t_read = _time(pdf.read_pdf, data, ns.repeat)
        doc = pdf.read_pdf(data)
        lines = doc.text.splitlines()
        rows = sum(" | " in ln for ln in lines)
        print(f"{path.name:32} {pages:5d} {pages / t_parse:10.1f} {pages / t_read:9.1f} {len(lines):6d} {rows:5d}")
        total_pages += pages
        total_parse += t_parse
        total_read += t_read
    print(f"{'all':32} {int(total_pages):5d} {total_pages / total_parse:10.1f} {total_pages / total_read:9.1f}")
    print("parse = pdfminer interpretation only; read = full reader (grids, text, boxes); one core")


if __name__ == "__main__":
    main()
