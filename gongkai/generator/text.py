"""Plain-text layouts of a document: ``pipes``, ``cells``, ``tabs`` and ``spaces``.

``pipes``: one table row per line, ``label | v | v |``. ``cells``: one cell per line,
sometimes a blank line between cells. ``tabs``: each cell on its own tab-indented line,
rows separated by blank lines. ``spaces``: one row per line, columns aligned with
spaces. In ``cells`` and ``spaces`` a blank cell cannot be seen, so it prints ``—``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from .document import Doc, Heading, Para
from .grid import GCell, Grid

DASH = "—"


def _shown(cell: GCell) -> str:
    return DASH if cell.is_value and not cell.text else cell.text


def pipes(grid: Grid, rng: random.Random) -> list[str]:
    """``label | v | v |`` rows, as flattened pages print them; a document sometimes
    frames every row (``| label | v |``), and a row whose first cell is empty is always
    framed — unframed, its leading empty cell could not be told from a frame pipe."""
    framed = rng.random() < 0.3
    out = []
    for row in grid.rows:
        body = " | ".join(c.text for c in row)
        out.append(f"| {body} |" if framed or not row[0].text else f"{body} |")
    return out


def cells(grid: Grid, rng: random.Random) -> list[str]:
    gap = rng.choice((0.0, 0.3, 1.0))
    out: list[str] = []
    for row in grid.rows:
        for cell in row:
            text = _shown(cell)
            if text:
                out.append(text)
                if rng.random() < gap:
                    out.append("")
    return out


def tabs(grid: Grid, rng: random.Random) -> list[str]:
    out: list[str] = []
    for row in grid.rows:
        out.extend("\t" + c.text for c in row)
        out.append("")
    return out


def width(text: str) -> int:
    """Display width: East Asian wide characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def spaces(grid: Grid, rng: random.Random) -> list[str]:
    valued = [row for row in grid.rows if any(c.is_value for c in row)]
    labels = {id(row): "  ".join(c.text for c in row if not c.is_value and c.text) for row in valued}
    lab_w = max((width(t) for t in labels.values()), default=0) + 2
    val_w = max((len(_shown(c)) for row in valued for c in row if c.is_value), default=1) + rng.randint(2, 4)
    out = []
    for row in grid.rows:
        if id(row) not in labels:
            out.append("    ".join(c.text for c in row if c.text))
            continue
        label = labels[id(row)]
        values = "".join(_shown(c).rjust(val_w) for c in row if c.is_value)
        out.append((label + " " * (lab_w - width(label)) + values).rstrip() if label else values)
    return out


TABLES: dict[str, Callable[[Grid, random.Random], list[str]]] = {
    "pipes": pipes, "cells": cells, "tabs": tabs, "spaces": spaces,
}


def render(doc: Doc, layout: str, rng: random.Random) -> str:
    """The document as plain text in ``layout``."""
    table = TABLES[layout]
    sep = rng.choice(("\n", "\n\n"))
    blocks = [doc.title, doc.date_line]
    for part in doc.parts:
        if isinstance(part, Heading | Para):
            blocks.append(part.text)
        else:
            blocks.append("\n".join(table(part, rng)))
    blocks.append("\n".join(doc.signature))
    return sep.join(blocks) + "\n"
