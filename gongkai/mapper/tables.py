"""The form-driven table reader.

For each block of each table of the edition (in form order) the reader finds the
block's anchor, then walks the text tokens after it, matching printed labels against
the rows the form expects next, and reads exactly the values the form puts in each
row. Values are assigned to columns only when that is unambiguous:

* as many values (numbers and blank markers) as the row has columns, or
* more, when the surplus are empty cells after them (trailing ``|`` / colspan), or
* empty ``|`` cells count as positions only when the whole row stands on one line
  (a flattened grid row); elsewhere (one cell per line, padding ``||||``) they are
  ignored.

Anything else leaves the row out with a warning: never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..forms import Block, Column, Edition, Row, Table
from ..model import Cell, Span
from . import labels
from .tokens import Token

LOOKAHEAD = 6  # rows a printed label may skip ahead in the form (missing local rows)
LONG_KEY = 5  # keys at least this long may match anywhere ahead


@dataclass(slots=True)
class _Label:
    """A label matched to a form row, with the values that follow it."""

    row: Row
    token: Token
    printed: str
    values: list[Token] = field(default_factory=list)
    units: list[Token] = field(default_factory=list)
    trailing_units: list[tuple[int, Token]] = field(default_factory=list)


@dataclass(slots=True)
class TableResult:
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_tables(tokens: list[Token], text: str, edition: Edition) -> TableResult:
    """Every cell of ``edition``'s tables that ``tokens`` print unambiguously.

    ``text`` is what the tokens' offsets index — the normalised text or, better, the
    source it was normalised from (same offsets): printed labels are cut from it, so a
    traditional-script label is kept as printed.
    """
    result = TableResult()
    regions = _regions(tokens, edition)
    for table in edition.tables:
        found_any = False
        for block in table.blocks:
            span = regions.get((table.key, block.key))
            if span is None:
                continue
            found_any = True
            lo, hi = span
            before = len(result.cells)
            if block.flat:
                _read_flat(tokens[lo:hi], text, edition, table, block, result)
            else:
                _read_block(tokens[lo:hi], text, edition, table, block, result)
            if len(result.cells) == before:
                result.warnings.append(f"{table.key}/{block.key}: table found but no cell could be read")
        if not found_any:
            result.warnings.append(f"{table.key}: table not found")
    return result


# ------------------------------------------------------------------ regions
@lru_cache(maxsize=16384)
def _anchor_keys(text: str) -> tuple[tuple[str, str], ...]:
    """(anchor key, label key) of a text token and of each of its pieces."""
    return tuple((labels.anchor_key(p), labels.key(p)) for p in (text, *(p for _, p in labels.pieces(text))))


@lru_cache(maxsize=16384)
def _anchor_text_hit(text: str, anchor: str) -> bool:
    want, want_key = labels.anchor_key(anchor), labels.key(anchor)
    for got, got_key in _anchor_keys(text):
        if got == want or (len(want) >= 8 and (want in got or (got_key and got_key == want_key))):
            return True
    return False


def _anchor_hit(token: Token, anchor: str) -> bool:
    return token.kind == "text" and _anchor_text_hit(token.text, anchor)


CONFIRM_WINDOW = 40  # tokens after an anchor in which one of the block's own labels must stand


@lru_cache(maxsize=256)
def _block_keys(block: Block) -> frozenset[str]:
    """Keys of the labels a block prints: its rows (and, for flat blocks, its columns)."""
    items = (*block.rows, *(block.columns if block.flat else ()))
    return frozenset(labels.key(x) for item in items for x in (item.label, *item.aliases))


def _confirmed(tokens: list[Token], i: int, block: Block) -> bool:
    """An anchor is the block's only if the block's own labels follow it closely.

    Body headings often read like a table's block titles (``三、依申请公开情况``); the
    table's copy is the one followed by the block's rows.
    """
    keys = _block_keys(block)
    for tok in tokens[i:i + CONFIRM_WINDOW]:
        if tok.kind == "text" and any(got_key in keys for _, got_key in _anchor_keys(tok.text)):
            return True
    return False


def _regions(tokens: list[Token], edition: Edition) -> dict[tuple[str, str], tuple[int, int]]:
    """Token ranges of each block, located by anchors searched in form order."""
    starts: list[tuple[int, str, str]] = []
    cursor = 0
    for table in edition.tables:
        for block in table.blocks:
            for i in range(cursor, len(tokens)):
                if any(_anchor_hit(tokens[i], a) for a in block.anchors) and _confirmed(tokens, i, block):
                    starts.append((i, table.key, block.key))
                    cursor = i + 1
                    break
    regions: dict[tuple[str, str], tuple[int, int]] = {}
    for n, (i, tkey, bkey) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(tokens)
        regions[(tkey, bkey)] = (i, end)
    return regions


# ------------------------------------------------------------------ row blocks
def _match_row(piece: str, rows: tuple[Row, ...], pointer: int) -> int | None:
    """Index of the form row that ``piece`` names, searching from ``pointer``."""
    pkey = labels.key(piece)
    if not pkey:
        return None
    best: tuple[int, int] | None = None  # (rank, index)
    for i in range(pointer, len(rows)):
        near = i - pointer < LOOKAHEAD
        row = rows[i]
        for candidate in (row.label, *row.aliases):
            lkey = labels.key(candidate)
            kind = labels.match_kind(pkey, lkey)
            if kind is None:
                continue
            if kind == "exact" and (near or len(lkey) >= LONG_KEY):
                return i
            if near:
                rank = 1 if kind == "prefix" else 2
                if best is None or rank < best[0]:
                    best = (rank, i)
    return best[1] if best else None


def _header_order_ok(tokens: list[Token], block: Block) -> bool:
    """False when recognisable column headers appear in an order the form does not have.

    A total column is exempt: two-row headers print it on the first row, before the
    sub-columns of a spanning header.
    """
    order: list[int] = []
    for tok in tokens:
        if tok.kind != "text":
            continue
        for _, piece in labels.pieces(tok.text):
            pkey = labels.key(piece)
            for idx, col in enumerate(block.columns):
                if col.canonical == "总计":
                    continue
                if any(labels.key(c) == pkey for c in (col.label, *col.aliases)):
                    order.append(idx)
                    break
    return order == sorted(order)


def _read_block(tokens: list[Token], text: str, edition: Edition, table: Table, block: Block,
                result: TableResult) -> None:
    rows = block.rows
    pointer = 0
    current: _Label | None = None
    found: list[_Label] = []
    first_row_at: int | None = None
    for n, tok in enumerate(tokens):
        if tok.kind == "text":
            matched = None
            for offset, piece in labels.pieces(tok.text):
                idx = _match_row(piece, rows, pointer)
                if idx is None:
                    continue
                pointer = idx + 1
                matched = _Label(rows[idx], tok, _printed(text, tok, offset, piece))
                found.append(matched)
                if first_row_at is None:
                    first_row_at = n
            if matched is not None:
                current = matched
            elif current is not None and (current.values or len(tok.text) > 40):
                current = None  # text after the values (or prose) ends the row
            continue
        if current is None:
            continue
        if tok.kind == "unit":
            if current.values:
                current.trailing_units.append((len(current.values) - 1, tok))
            else:
                current.units.append(tok)
        else:
            current.values.append(tok)
    header = tokens[: first_row_at or 0]
    if not _header_order_ok(header, block):
        result.warnings.append(
            f"{table.key}/{block.key}: column headers are not in the form's order; block left out"
        )
        return
    for label in found:
        _emit_row(label, edition, table, block, result)


def _printed(text: str, tok: Token, offset: int, piece: str) -> str:
    raw = text[tok.start + offset: tok.start + offset + len(piece)]
    return " ".join(raw.split())


def fit(slots: list[Token], width: int) -> list[Token]:
    """Drop surplus empty cells at the edges of a row when that leaves exactly ``width``.

    A label spanning two grid columns leaves an empty cell before the values, colspan
    and trailing ``|`` leave empties after them; empties inside the row are positions.
    Anything else is returned unchanged (and then refused by the caller).
    """
    if len(slots) <= width:
        return slots
    lo, hi = 0, len(slots)
    while lo < hi and slots[lo].kind == "empty":
        lo += 1
    while hi > lo and slots[hi - 1].kind == "empty":
        hi -= 1
    trimmed = slots[lo:hi]
    return trimmed if len(trimmed) == width or not trimmed else slots


def _slots(label: _Label) -> tuple[list[Token], bool]:
    """The value slots of a row and whether empty cells in it are positional."""
    values = list(label.values)
    while values and values[-1].kind == "empty" and values[-1].line != label.token.line:
        values.pop()  # a placeholder cell that opens the next row
    same_line = all(v.line == label.token.line for v in values)
    slots = [v for v in values if same_line or v.kind != "empty"]
    return slots, same_line


def _emit_row(label: _Label, edition: Edition, table: Table, block: Block, result: TableResult) -> None:
    row = label.row
    if row.group and not row.subtotal:
        return
    columns = block.columns
    slots, _ = _slots(label)
    if row.group and not any(s.kind == "num" for s in slots):
        return  # a group row printing no subtotal (e.g. "——" in its unit column)
    slots = fit(slots, len(columns))
    if not slots:
        return
    if len(slots) != len(columns):
        numbers = sum(1 for s in slots if s.kind == "num")
        result.warnings.append(
            f"{table.key}: row {row.canonical!r}: {len(slots)} cells ({numbers} numbers) for "
            f"{len(columns)} columns; cannot place them, row left out"
        )
        return
    printed_unit = label.units[0].unit if label.units else None
    after = {label.values[i].start: tok.unit for i, tok in label.trailing_units}
    for col, slot in zip(columns, slots, strict=True):
        unit = after.get(slot.start) if slot.kind == "num" else None
        if unit is not None and not col.money:
            result.warnings.append(f"{table.key}: {row.canonical}/{col.canonical}: stray unit {unit!r} ignored")
            unit = None
        cell = _cell(slot, label, col, unit or printed_unit, edition, table, result)
        if cell is not None:
            result.cells.append(cell)


def _cell(slot: Token, label: _Label, col: Column, printed_unit: str | None,
          edition: Edition, table: Table, result: TableResult) -> Cell | None:
    row = label.row
    value = slot.value if slot.kind == "num" else None
    where = f"{table.key}: {row.canonical}/{col.canonical}"
    if value is not None:
        if value < 0 and not col.signed:
            result.warnings.append(f"{where}: negative value {slot.text!r} in a count column; left out")
            return None
        money = col.money or (row.unit or col.unit or "") in ("万元", "元")
        if isinstance(value, Decimal) and not money and not (slot.unit or printed_unit or "").endswith("元"):
            result.warnings.append(f"{where}: decimal {slot.text!r} in a count column; left out")
            return None
    unit = slot.unit or printed_unit or col.unit or row.unit
    if slot.unit and slot.unit.endswith("元") != bool(col.money or (row.unit or "").endswith("元")):
        result.warnings.append(f"{where}: printed unit {slot.unit!r} does not fit the column; left out")
        return None
    span = Span(slot.start, slot.end) if slot.kind != "empty" else Span(slot.start, slot.start)
    return Cell(edition.id, table.key, row.canonical, col.canonical, value, unit, value is None,
                label.printed, span)


# ------------------------------------------------------------------ flat block (T4)
def _read_flat(tokens: list[Token], text: str, edition: Edition, table: Table, block: Block,
               result: TableResult) -> None:
    """Review/litigation: header rows, then 15 values row-major (or 3 labelled rows of 5)."""
    header_keys = {labels.key("行政诉讼")}
    row_tokens: dict[str, Token] = {}
    for item in (*block.rows, *block.columns):
        header_keys.update(labels.key(x) for x in (item.label, *item.aliases))
    last_header = -1
    for n, tok in enumerate(tokens):
        if tok.kind == "text" and labels.key(tok.text) in header_keys:
            last_header = n
            for row in block.rows:
                if labels.key(tok.text) in {labels.key(x) for x in (row.label, *row.aliases)}:
                    row_tokens.setdefault(row.code, tok)
        elif tok.kind in ("num", "blank") and last_header >= 0:
            break
    if last_header < 0:
        return
    run: list[Token] = []
    for tok in tokens[last_header + 1:]:
        if tok.kind == "text":
            break
        if tok.kind != "unit":
            run.append(tok)
    same_line = bool(run) and len({t.line for t in run}) == 1
    slots = [t for t in run if same_line or t.kind != "empty"]
    width = len(block.columns)
    total = len(block.rows) * width
    slots = fit(slots, total)
    if len(slots) != total:
        if any(t.kind != "empty" for t in run):
            result.warnings.append(
                f"{table.key}: {len(slots)} cells for the {total} of the review/litigation row; "
                "cannot place them, left out"
            )
        return
    for i, slot in enumerate(slots):
        row = block.rows[i // width]
        head = row_tokens.get(row.code)
        printed = " ".join(text[head.start:head.end].split()) if head else row.canonical
        label = _Label(row, head or slot, printed)
        cell = _cell(slot, label, block.columns[i % width], None, edition, table, result)
        if cell is not None:
            result.cells.append(cell)
