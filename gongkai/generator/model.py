"""What the generator hands out: a document plus the cells it is known to print."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, NamedTuple

Number = int | Decimal

LAYOUTS = ("html", "pipes", "cells", "tabs", "spaces")
#: layouts printed as files (bytes) by :mod:`gongkai.generator.office`, not as ``Sample.text``
BINARY_LAYOUTS = ("docx", "pdf")
EDITIONS = ("E1", "E2", "E3", "prose")

#: the fields an :class:`ExpectedCell` shares with the parser's ``gongkai.model.Cell``;
#: compare ``tuple(getattr(c, f) for f in CELL_FIELDS)`` on both sides
CELL_FIELDS = ("form", "table", "row", "column", "value", "unit", "blank")


class ExpectedCell(NamedTuple):
    """One cell a generated document prints, named as the parser names it.

    ``row``/``column`` are canonical labels. ``unit`` is the unit printed inside the
    cell when there is one (``1571.55万元``), else the form's unit for the row or
    column (E1 ``条``/``件``…, E3 ``万元``), else ``None``. ``value`` is ``None``
    exactly when ``blank`` is true; a blank cell stands for 0 in identities.
    An immutable named tuple (cheap to make by the hundred thousand); its first
    seven fields are :data:`CELL_FIELDS`.
    """

    form: str
    table: str
    row: str
    column: str
    value: Number | None
    unit: str | None
    blank: bool
    printed_row: str = ""
    printed_column: str | None = None
    source: Literal["table", "prose"] = "table"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """``(form, table, row, column)``: where the cell belongs."""
        return (self.form, self.table, self.row, self.column)

    def comparable(self) -> tuple[Any, ...]:
        """The :data:`CELL_FIELDS` values, for comparison with a parsed cell."""
        return self[:7]

    def to_json(self) -> dict[str, Any]:
        value = self.value if self.value is None or isinstance(self.value, int) else str(self.value)
        out: dict[str, Any] = {
            "form": self.form, "table": self.table, "row": self.row, "column": self.column,
            "value": value, "unit": self.unit, "blank": self.blank, "printed_row": self.printed_row,
        }
        if self.printed_column:
            out["printed_column"] = self.printed_column
        if self.source != "table":
            out["source"] = self.source
        return out


@dataclass(frozen=True, slots=True)
class Sample:
    """One synthetic report and what a perfect parser reads from it."""

    name: str
    text: str
    edition: str
    layout: str
    agency: str
    year: int
    published: datetime.date
    cells: tuple[ExpectedCell, ...]
    errors: tuple[str, ...]
    seed: int = 0

    def to_json(self) -> dict[str, Any]:
        """Metadata and expected cells (not the text), as written to ``expected.jsonl``."""
        return {
            "name": self.name, "edition": self.edition, "layout": self.layout, "seed": self.seed,
            "agency": self.agency, "year": self.year, "published": self.published.isoformat(),
            "title": f"{self.agency}{self.year}年政府信息公开工作年度报告",
            "errors": list(self.errors), "cells": [c.to_json() for c in self.cells],
        }
