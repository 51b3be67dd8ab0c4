"""The typed report model: what the parser reads out of one document.

Data flows one way: document → :class:`Report` → RDF → store → HTTP. Everything
after the parser reads these classes and nothing else of the source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

EditionId = Literal["E0", "E1", "E2", "E3", "prose"]
Number = int | Decimal


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in the normalised source text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PageBox:
    """Where a value stands on a PDF page (points, origin top-left)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Cell:
    """One statistics cell.

    ``form`` names the edition whose table/row/column the cell refers to; it equals the
    report's edition except for prose reports, whose figures map onto the form in force
    in their reporting year. ``row``/``column`` are canonical labels (spec wording with
    enumerator and notes removed); ``printed_row`` is the label as printed.
    ``value`` is ``None`` exactly when ``blank`` is true.
    """

    form: str
    table: str
    row: str
    column: str
    value: Number | None
    unit: str | None
    blank: bool
    printed_row: str
    span: Span
    printed_column: str | None = None
    page: PageBox | None = None
    source: Literal["table", "prose"] = "table"


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell named by its canonical row and column, with the value used (0 if blank)."""

    row: str
    column: str
    value: Number | None


@dataclass(frozen=True, slots=True)
class Finding:
    """A printed identity that does not hold: published, never fixed."""

    rule: str
    severity: Literal["violation", "warning"]
    table: str
    message: str
    left: tuple[CellRef, ...]
    right: tuple[CellRef, ...]
    expected: Number
    printed: Number


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    sha256: str
    media_type: str = "text/plain"
    url: str | None = None
    retrieved: str | None = None


@dataclass(slots=True)
class Report:
    """Everything read from one annual report."""

    source: Source
    agency: str | None
    year: int | None
    published: date | None
    edition: EditionId
    cells: list[Cell] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None
    text: str = field(default="", repr=False)

    def cell(self, table: str, row: str, column: str) -> Cell | None:
        """The cell at (table, canonical row, canonical column), if read."""
        for c in self.cells:
            if c.table == table and c.row == row and c.column == column:
                return c
        return None

    def value(self, table: str, row: str, column: str) -> Number | None:
        found = self.cell(table, row, column)
        return None if found is None else found.value

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict in the shape ``gongkai parse --format jsonl`` prints."""
        return {
            "source": _plain(asdict(self.source)),
            "agency": self.agency,
            "year": self.year,
            "published": self.published.isoformat() if self.published else None,
            "edition": self.edition,
            "title": self.title,
            "cells": [_cell_json(c) for c in self.cells],
            "findings": [_plain(asdict(f)) for f in self.findings],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be read or recognised as a report."""

    source: Source
    error: str

    def to_json(self) -> dict[str, Any]:
        return {"source": _plain(asdict(self.source)), "error": self.error}


def _cell_json(c: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {
        "form": c.form,
        "table": c.table,
        "row": c.row,
        "column": c.column,
        "value": _num(c.value),
        "unit": c.unit,
        "blank": c.blank,
        "printed_row": c.printed_row,
        "span": [c.span.start, c.span.end],
    }
    if c.printed_column:
        out["printed_column"] = c.printed_column
    if c.page is not None:
        out["page"] = _plain(asdict(c.page))
    if c.source != "table":
        out["source"] = c.source
    return out


def _num(value: Number | None) -> int | str | None:
    """Integers stay integers; decimals become strings so no precision is lost."""
    if value is None or isinstance(value, int):
        return value
    return str(value)


def _plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    return obj
