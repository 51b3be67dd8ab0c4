"""Types that describe the official report forms declaratively.

Every room reads these: the parser (what labels to look for and how many values a row
carries), the generator (what to render), the ontology (code lists) and the shapes
(arithmetic identities). Nothing here knows about any one report's layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

Relation = Literal["=", "<="]
Severity = Literal["violation", "warning"]
Axis = Literal["column", "row"]

_ENUM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．]|其中\s*[:：]?)\s*"
)
_NOTE = re.compile(r"[(（][^()（）]*[)）]\s*$")


@lru_cache(maxsize=4096)
def canonical_label(printed: str) -> str:
    """The canonical label: the official label without enumerator and trailing note.

    >>> canonical_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    '部分公开'
    """
    text = _ENUM.sub("", printed.strip())
    while True:
        stripped = _NOTE.sub("", text).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    return text


@dataclass(frozen=True)
class Column:
    """One numeric column of a block."""

    code: str
    label: str
    en: str
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    signed: bool = False
    money: bool = False

    @property
    def canonical(self) -> str:
        return canonical_label(self.label)


@dataclass(frozen=True)
class Row:
    """One row of a block.

    Group rows carry no value on the official form; a ``subtotal`` group row is one
    that some publishers fill in anyway, so it is read when printed (and checked as a
    sum) but never required.
    """

    code: str
    label: str
    en: str
    aliases: tuple[str, ...] = ()
    group: bool = False
    subtotal: bool = False
    parent: str | None = None
    unit: str | None = None
    local: bool = False
    columns: tuple[str, ...] | None = None

    @property
    def canonical(self) -> str:
        return canonical_label(self.label)


@dataclass(frozen=True)
class Block:
    """A run of rows sharing one set of columns, found after one of its anchors.

    ``flat`` blocks (the review/litigation table) print no row labels before their
    values: all values follow the header in row-major order.
    """

    key: str
    anchors: tuple[str, ...]
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    flat: bool = False

    @property
    def value_rows(self) -> tuple[Row, ...]:
        """Rows whose cells the form defines (group rows excluded)."""
        return tuple(r for r in self.rows if not r.group)

    @property
    def readable_rows(self) -> tuple[Row, ...]:
        """Rows whose printed values are read: value rows and subtotal groups."""
        return tuple(r for r in self.rows if not r.group or r.subtotal)


@dataclass(frozen=True)
class Table:
    """A statistical table of an edition (one RDF Data Cube data set per table)."""

    key: str
    title: str
    en: str
    blocks: tuple[Block, ...]

    def row(self, code: str) -> Row:
        try:
            return self._rows_by_code[code]
        except KeyError:
            raise KeyError(f"{self.key}: no row {code!r}") from None

    def column(self, code: str) -> Column:
        try:
            return self._columns_by_code[code]
        except KeyError:
            raise KeyError(f"{self.key}: no column {code!r}") from None

    @cached_property
    def _rows_by_code(self) -> dict[str, Row]:
        seen: dict[str, Row] = {}
        for block in self.blocks:
            for row in block.rows:
                seen.setdefault(row.code, row)
        return seen

    @cached_property
    def _columns_by_code(self) -> dict[str, Column]:
        seen: dict[str, Column] = {}
        for block in self.blocks:
            for col in block.columns:
                seen.setdefault(col.code, col)
        return seen

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(self._rows_by_code.values())

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(self._columns_by_code.values())

    def block_of(self, row_code: str) -> Block:
        for block in self.blocks:
            if any(r.code == row_code for r in block.rows):
                return block
        raise KeyError(row_code)


@dataclass(frozen=True)
class Identity:
    """An arithmetic identity of a form (spec §6).

    ``axis="column"``: for every column in ``lines`` (default: all columns of the
    table), sum(cells of ``left`` rows) <relation> sum(cells of ``right`` rows).
    ``axis="row"``: for every row in ``lines`` (default: every value row), the same
    with ``left``/``right`` naming columns.
    """

    id: str
    table: str
    axis: Axis
    left: tuple[str, ...]
    right: tuple[str, ...]
    relation: Relation = "="
    severity: Severity = "violation"
    lines: tuple[str, ...] | None = None
    description: str = ""


@dataclass(frozen=True)
class Edition:
    """One national (or local) edition of the report form."""

    id: str
    title: str
    en: str
    years: tuple[int, int]
    tables: tuple[Table, ...]
    identities: tuple[Identity, ...] = ()
    markers: tuple[str, ...] = field(default=())

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"{self.id}: no table {key!r}")
