"""Split normalised report text into cell tokens, whatever the layout.

Tables arrive as ``label | v | v`` lines, one cell per line, tab-indented cells or
space-aligned columns. Each line is cut into cells (by ``|``, then tabs, else
whitespace); each cell's pieces are classified as a number, a blank marker, a unit or
text. Consecutive text pieces of one cell are merged, so ``规 章`` is one label.
Tokens keep their character span and line, which the table reader uses to decide
whether blank cells can be trusted for position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Kind = Literal["text", "num", "blank", "empty", "unit"]

UNITS = ("万元", "人次", "元", "件", "条", "次", "篇", "个", "人", "项", "宗", "起", "份", "家", "期", "场")
_UNIT_SET = frozenset(UNITS)
_NUM = re.compile(
    r"(?P<sign>[+-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>" + "|".join(UNITS) + r")?(?P<note>\(.*)?"
)
_BLANK = frozenset({"-", "--", "—", "——", "―", "――", "/", "无", "－", "…", "...", "x", "X", "×", "空"})
_WS = re.compile(r"[ \t\f\v]+")
_GAP = re.compile(r"[ \f\v]{2,}")


@dataclass(slots=True)
class Token:
    """One classified piece of a cell."""

    kind: Kind
    text: str
    start: int
    end: int
    line: int
    cell: int
    value: int | Decimal | None = None
    unit: str | None = None
    signed: bool = False


def classify(piece: str) -> tuple[Kind, int | Decimal | None, str | None, bool, int]:
    """Kind, value, unit, whether a sign was printed, and the length of the figure
    (a trailing note such as ``2727(含热线)`` is not part of it), for one piece."""
    if piece in _BLANK:
        return "blank", None, None, False, len(piece)
    if piece in _UNIT_SET:
        return "unit", None, piece, False, len(piece)
    m = _NUM.fullmatch(piece)
    if m is None:
        return "text", None, None, False, len(piece)
    digits = m["int"].replace(",", "")
    value: int | Decimal
    value = Decimal(f"{digits}.{m['frac']}") if m["frac"] is not None else int(digits)
    if m["sign"] == "-":
        value = -value
    length = m.start("note") if m["note"] is not None else len(piece)
    return "num", value, m["unit"], m["sign"] is not None, length


def _cells(line: str) -> list[tuple[int, int]]:
    """Character ranges of the cells of one line (relative to the line)."""
    if "|" in line:
        first = len(line) - len(line.lstrip())
        last = len(line.rstrip())
        lo = first + 1 if line[first:first + 1] == "|" else first
        hi = last - 1 if last > lo and line[last - 1] == "|" else last
        out, pos = [], lo
        while True:
            bar = line.find("|", pos, hi)
            if bar < 0:
                out.append((pos, hi))
                return out
            out.append((pos, bar))
            pos = bar + 1
    if "\t" in line:
        out, pos = [], 0
        for part in line.split("\t"):
            out.append((pos, pos + len(part)))
            pos += len(part) + 1
        while out and not line[out[0][0]:out[0][1]].strip():
            out.pop(0)  # indentation, not an empty cell
        while out and not line[out[-1][0]:out[-1][1]].strip():
            out.pop()
        return out
    # space-aligned columns: two or more spaces separate cells, one space stays inside
    out, pos = [], 0
    for m in _GAP.finditer(line):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(line):
        out.append((pos, len(line)))
    return out


def _is_tab_cell(line: str) -> bool:
    """A tab-indented cell on a line of its own (``\t0``, or ``\t`` for an empty cell)."""
    return line.startswith("\t") and "\t" not in line[1:].rstrip("\t") and "|" not in line


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` in reading order.

    ``Token.line`` is a row number: a physical line, except that a group of consecutive
    tab-indented cell lines (a table row flattened one cell per line, rows separated by
    blank lines) shares one number, so its empty cells keep their positions.
    """
    tokens: list[Token] = []
    offset = 0
    cell_id = 0
    row = 0
    in_group = False
    for line in text.split("\n"):
        tab_cell = _is_tab_cell(line)
        if tab_cell:
            if not in_group:
                row += 1
            in_group = True
        elif not (in_group and line.strip() and len(line.strip()) <= 12):
            row += 1  # a short untabbed line inside a group continues its last cell
            in_group = False
        if tab_cell and not line.strip():
            cell_id += 1
            tokens.append(Token("empty", "", offset + 1, offset + len(line), row, cell_id))
        elif line.strip():
            for lo, hi in _cells(line):
                cell_id += 1
                _cell_tokens(line, lo, hi, offset, row, cell_id, tokens)
        offset += len(line) + 1
    return tokens


def _cell_tokens(line: str, lo: int, hi: int, offset: int, line_no: int, cell: int, out: list[Token]) -> None:
    content = line[lo:hi]
    if not content.strip():
        out.append(Token("empty", "", offset + lo, offset + hi, line_no, cell))
        return
    pos = lo
    previous: Token | None = None
    for piece in _WS.split(content):
        if not piece:
            continue
        start = line.index(piece, pos)
        end = start + len(piece)
        pos = end
        kind, value, unit, signed, length = classify(piece)
        if kind == "text" and previous is not None and previous.kind == "text":
            previous.text = line[previous.start - offset:end]
            previous.end = offset + end
            continue
        if kind == "unit" and previous is not None and previous.kind == "num" and previous.unit is None:
            previous.unit = unit
            previous.end = offset + end
            continue
        token = Token(kind, piece, offset + start, offset + start + length, line_no, cell, value, unit, signed)
        out.append(token)
        previous = token
