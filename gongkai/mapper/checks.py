"""Identity checks (spec §6): every violated identity is a finding, never an exception."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from ..forms import Edition, Identity, Table
from ..model import Cell, CellRef, Finding, Number

_OPS = {"=": lambda a, b: a == b, "<=": lambda a, b: a <= b}


def check(cells: Iterable[Cell], edition: Edition) -> list[Finding]:
    """Findings for every identity of ``edition`` that the printed cells violate."""
    index = {(c.table, c.row, c.column): c for c in cells if c.form == edition.id}
    findings: list[Finding] = []
    for ident in edition.identities:
        table = edition.table(ident.table)
        findings.extend(_check_one(ident, table, index))
    return findings


def _lines(ident: Identity, table: Table) -> list[str]:
    if ident.lines is not None:
        return list(ident.lines)
    if ident.axis == "column":
        return [c.code for c in table.columns]
    return [r.code for r in table.rows if not r.group or r.subtotal]


Pairs = tuple[tuple[str, str], ...]


@lru_cache(maxsize=1024)
def _plan(ident: Identity, table: Table) -> tuple[tuple[str, Pairs, Pairs], ...]:
    """For each line of the identity: (line code, left cells, right cells) as canonical labels."""
    plan = []
    for line in _lines(ident, table):
        sides = []
        for codes in (ident.left, ident.right):
            pairs = []
            for code in codes:
                row_code, col_code = (code, line) if ident.axis == "column" else (line, code)
                try:
                    pairs.append((table.row(row_code).canonical, table.column(col_code).canonical))
                except KeyError:
                    break
            else:
                sides.append(tuple(pairs))
                continue
            break
        if len(sides) == 2:
            plan.append((line, sides[0], sides[1]))
    return tuple(plan)


def _check_one(ident: Identity, table: Table, index: dict) -> Iterator[Finding]:
    for line, left_cells, right_cells in _plan(ident, table):
        left = _refs(left_cells, table.key, index)
        right = _refs(right_cells, table.key, index)
        if left is None or right is None:
            continue
        printed = _sum(left)
        expected = _sum(right)
        if _OPS[ident.relation](printed, expected):
            continue
        where = table.column(line).canonical if ident.axis == "column" else table.row(line).canonical
        yield Finding(
            rule=ident.id,
            severity=ident.severity,
            table=ident.table,
            message=f"{ident.description} [{where}]: printed {_fmt(left)} = {printed}, "
            f"parts {_fmt(right)} = {expected}",
            left=tuple(left),
            right=tuple(right),
            expected=expected,
            printed=printed,
        )


def _refs(pairs: Pairs, table: str, index: dict) -> list[CellRef] | None:
    refs = []
    for row, col in pairs:
        cell = index.get((table, row, col))
        if cell is None:
            return None
        refs.append(CellRef(row, col, cell.value))
    return refs


def _sum(refs: list[CellRef]) -> Number:
    total: Number = 0
    for ref in refs:
        if ref.value is not None:
            total = total + ref.value
    return total if not isinstance(total, Decimal) or total != total.to_integral() else total


def _fmt(refs: list[CellRef]) -> str:
    return " + ".join(f"{r.row}/{r.column}={'blank' if r.value is None else r.value}" for r in refs)
