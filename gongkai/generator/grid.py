"""Tables as grids of cells with row/column spans, built from ``gongkai.forms``.

A grid is layout-neutral: :mod:`.html` prints it as ``<table>``, :mod:`.text` as
pipes, cells, tabs or aligned columns. Every value cell carries the
:class:`ExpectedCell` a parser should read from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from gongkai.forms import Block, Column, Edition, Row, Table, canonical_label

from .figures import CellKey
from .labels import LabelStyle
from .model import ExpectedCell, Number

# Header texts the forms do not declare (they are not row or column labels).
E1_HEAD = ("统计指标", "单位")
T2_CONTENT = "信息内容"
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_LEGAL = "法人或其他组织"
T4_LITIGATION = "行政诉讼"

MoneyStyle = Literal["万元", "元", "bare"]
_canon = lru_cache(maxsize=None)(canonical_label)


@dataclass(slots=True)
class GCell:
    """One grid cell; ``expected`` is set on value cells only."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    expected: ExpectedCell | None = None

    @property
    def is_value(self) -> bool:
        return self.expected is not None


@dataclass
class Grid:
    """One printed table."""

    key: str
    rows: list[list[GCell]] = field(default_factory=list)

    @property
    def expected(self) -> list[ExpectedCell]:
        return [c.expected for row in self.rows for c in row if c.expected is not None]


@dataclass
class Fill:
    """What goes into value cells, and how it is printed."""

    form: str
    values: Mapping[CellKey, Number]
    printed: Set[CellKey]
    blanks: set[CellKey]
    style: LabelStyle
    money: MoneyStyle = "万元"
    plus_sign: bool = True

    def cell(self, table: Table, row: Row, column: Column, printed_row: str, colspan: int = 1) -> GCell:
        key = (table.key, row.code, column.code)
        unit = column.unit or row.unit
        if key in self.blanks:
            return GCell("", 1, colspan, ExpectedCell(
                self.form, table.key, _canon(row.label), _canon(column.label), None, unit, True,
                printed_row, column.label))
        value = self.values[key]
        text = str(value)
        if type(value) is not int:
            text, value, unit = self._money(value, column, unit)
        elif value > 0 and column.signed and self.plus_sign:
            text = "+" + text
        return GCell(text, 1, colspan, ExpectedCell(
            self.form, table.key, _canon(row.label), _canon(column.label), value, unit, False,
            printed_row, column.label))

    def _money(self, value: Number, column: Column, unit: str | None) -> tuple[str, Number, str | None]:
        if column.money and unit is None and value and self.money != "bare":
            if self.money == "元":
                yuan = int(value * 10000)
                return f"{yuan}元", yuan, "元"
            return f"{value:.2f}万元", value, "万元"
        if value == value.to_integral_value():
            return str(int(value)), int(value), unit
        return f"{value:.2f}", value, unit

    def row_cells(self, table: Table, block: Block, row: Row, label: str, width: int = 0) -> list[GCell]:
        """The value cells of one row; the last one spans up to ``width`` columns."""
        cols = block.columns if row.columns is None else [c for c in block.columns if c.code in row.columns]
        cells = [self.cell(table, row, c, label) for c in cols]
        if width and cells:
            cells[-1].colspan = max(1, width - len(cells) + 1)
        return cells

    def shows(self, table: Table, block: Block, row: Row) -> bool:
        """Whether the row's values are printed (subtotals and local rows only sometimes)."""
        return any((table.key, row.code, c.code) in self.printed for c in block.columns)


def e1_grid(ed: Edition, fill: Fill) -> Grid:
    """The E1 《统计表》: one long list, 统计指标 / 单位 / 统计数."""
    st = fill.style
    value_col = ed.tables[0].blocks[0].columns[0]
    grid = Grid("E1", [[GCell(E1_HEAD[0]), GCell(E1_HEAD[1]), GCell(st.column(value_col))]])
    for table in ed.tables:
        for block in table.blocks:
            if block.anchors[0] != block.rows[0].label:
                grid.rows.append([GCell(st.text(block.anchors[0])), GCell(), GCell()])
            for row in block.rows:
                label = st.row(row)
                if fill.shows(table, block, row):
                    unit = GCell(row.unit or "")
                    grid.rows.append([GCell(label), unit, *fill.row_cells(table, block, row, label)])
                elif not row.local:
                    grid.rows.append([GCell(label), GCell(), GCell()])
    return grid


def t2_grid(table: Table, fill: Fill) -> Grid:
    """T2 主动公开: one sub-table per 第二十条 item, 信息内容 + its columns."""
    st = fill.style
    width = 1 + max(len(b.columns) for b in table.blocks)
    grid = Grid(table.key)
    for block in table.blocks:
        grid.rows.append([GCell(st.text(block.anchors[0]), colspan=width)])
        head = [GCell(st.column(c)) for c in block.columns]
        head[-1].colspan = width - len(head)
        grid.rows.append([GCell(st.text(T2_CONTENT)), *head])
        for row in block.rows:
            if fill.shows(table, block, row):
                label = st.row(row)
                grid.rows.append([GCell(label), *fill.row_cells(table, block, row, label, width - 1)])
    return grid


def _depths(block: Block) -> dict[str, int]:
    parents = {r.code: r.parent for r in block.rows}
    out = {}
    for code in parents:
        depth, parent = 0, parents[code]
        while parent is not None:
            depth, parent = depth + 1, parents.get(parent)
        out[code] = depth
    return out


def tree_grid(table: Table, fill: Fill) -> Grid:
    """T3 申请: label columns nest by ``parent`` with rowspans, like the official form."""
    st = fill.style
    (block,) = table.blocks
    levels = 1 + max(_depths(block).values())
    children: dict[str | None, list[Row]] = {}
    for r in block.rows:
        children.setdefault(r.parent, []).append(r)
    cols = block.columns
    grid = Grid(table.key, [
        [GCell(st.text(T3_NOTE), rowspan=3, colspan=levels), GCell(st.text(T3_APPLICANTS), colspan=len(cols))],
        [GCell(st.column(cols[0]), rowspan=2), GCell(st.text(T3_LEGAL), colspan=len(cols) - 2),
         GCell(st.column(cols[-1]), rowspan=2)],
        [GCell(st.column(c)) for c in cols[1:-1]],
    ])

    def emit(row: Row, depth: int) -> list[list[GCell]]:
        label = st.row(row)
        span = levels - depth
        shown = fill.shows(table, block, row)
        own = [[GCell(label, colspan=span), *fill.row_cells(table, block, row, label)]] if shown else []
        if not row.group:
            return own
        body = [line for kid in children.get(row.code, ()) for line in emit(kid, depth + 1)]
        if shown:
            if body:
                body[0].insert(0, GCell("", rowspan=len(body)))
            return own + body
        if not body:
            return [[GCell(label, colspan=span + len(cols))]]
        body[0].insert(0, GCell(label, rowspan=len(body)))
        return body

    for row in children[None]:
        grid.rows.extend(emit(row, 0))
    return grid


def flat_grid(table: Table, fill: Fill) -> Grid:
    """T4 复议/诉讼: three header rows, then one row of all values in row-major order."""
    st = fill.style
    (block,) = table.blocks
    first, *suits = block.rows
    n = len(block.columns)
    grid = Grid(table.key, [
        [GCell(st.row(first), colspan=n), GCell(st.text(T4_LITIGATION), colspan=n * len(suits))],
        [*(GCell(st.column(c), rowspan=2) for c in block.columns), *(GCell(st.row(r), colspan=n) for r in suits)],
        [GCell(st.column(c)) for _ in suits for c in block.columns],
    ])
    grid.rows.append([cell for row in block.rows for cell in fill.row_cells(table, block, row, row.label)])
    return grid


def grids(ed: Edition, fill: Fill) -> list[Grid]:
    """The edition's tables in document order."""
    if ed.id == "E1":
        return [e1_grid(ed, fill)]
    out = []
    for table in ed.tables:
        block = table.blocks[0]
        if block.flat:
            out.append(flat_grid(table, fill))
        elif any(r.parent for r in block.rows):
            out.append(tree_grid(table, fill))
        else:
            out.append(t2_grid(table, fill))
    return out
