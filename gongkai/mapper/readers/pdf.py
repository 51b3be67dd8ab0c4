"""PDF reader: page geometry (ruling lines + glyph positions) → table grids and text.

Built on pdfminer.six directly (no layout analysis): every glyph and every painted
path of a page is collected, ruling lines rebuild each table's grid, merged cells
become one cell emitted once at its origin, and a table continued on the next page
is joined to its first part (cells of a merged cell split by the page break are
rejoined). Text outside tables comes out as lines in reading order, the lines of a
wrapped paragraph rejoined into one; page numbers and running headers/footers are
dropped. Each emitted cell or line is recorded in :attr:`Document.boxes` with its page
and bounding box (points, origin top-left).
"""

from __future__ import annotations

import re
import time
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from itertools import islice

from ...model import PageBox
from .base import Document, ReadError, register

MEDIA_TYPE = "application/pdf"
#: Documents with more pages are refused before parsing any page.
MAX_PAGES = 300
#: Wall-clock budget (seconds) for one document; checked between pages.
TIME_BUDGET = 60.0

SNAP = 2.0  # points: ruling positions closer than this are the same grid line
JOIN = 2.5  # points: collinear segments with a smaller gap are one ruling
THIN = 2.5  # points: filled rectangles thinner than this are drawn lines
CELL_SEP = " | "
ROW_START, ROW_END = "| ", " |"

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_PAGE_NO = re.compile(
    r"^(?:[-—–－_·•\s]*\d{1,4}[-—–－_·•\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|"
    r"\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
#: Kangxi/CJK radicals, compatibility ideographs and ligatures some producers map glyphs to
_COMPAT = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]")
#: a page with images and fewer glyphs than this is taken as scanned
SCAN_GLYPHS = 20
#: starts a new row label (三、 （五） 1. 2、), so it does not continue the cell above
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


class NoTextLayer(ReadError):
    """A PDF whose pages carry no text (scanned images): an OCR step can pick it up.

    ``pages`` is the page count and ``image_pages`` the 1-based pages holding images.
    """

    def __init__(self, pages: int, image_pages: list[int], reason: str = "no text layer (scanned)"):
        super().__init__(reason)
        self.pages = pages
        self.image_pages = image_pages
        self.media_type = MEDIA_TYPE


# ----------------------------------------------------------------------------- model


@dataclass(slots=True)
class Glyph:
    """One character on a page (top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Seg:
    """An axis-aligned ruling: ``pos`` is y for horizontal, x for vertical; [lo, hi] along it."""

    horizontal: bool
    pos: float
    lo: float
    hi: float


@dataclass(slots=True)
class Line:
    """A line of text outside tables."""

    page: int
    glyphs: list[Glyph]
    text: str = ""

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    def box(self) -> PageBox:
        return PageBox(self.page, min(g.x0 for g in self.glyphs), self.top,
                       max(g.x1 for g in self.glyphs), self.bottom)


@dataclass(slots=True, eq=False)
class Cell:
    """One (possibly merged) table cell; ``origin`` is set when it continues a cell on the page before."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    row: int
    glyphs: list[Glyph] = field(default_factory=list)
    text: str = ""
    origin: Cell | None = None
    phantom: bool = False

    def box(self) -> PageBox:
        return PageBox(self.page, self.x0, self.top, self.x1, self.bottom)


@dataclass(slots=True, eq=False)
class Table:
    """A rebuilt grid on one page (or joined over pages): cells in row order."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    cells: list[Cell]
    nrows: int
    hsegs: list[Seg]
    last_page: int = 0
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    owner: list[list[Cell]] = field(default_factory=list)

    def contains(self, g: Glyph) -> bool:
        return self.x0 - 1 <= g.cx <= self.x1 + 1 and self.top - 1 <= g.cy <= self.bottom + 1


@dataclass(slots=True)
class Page:
    """What one page holds: glyphs, rulings, whether it has images, its size."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    segs: list[Seg]
    images: int = 0


# ------------------------------------------------------------------------ extraction


def _open(data: bytes) -> tuple[object, list[object]]:
    """The pdfminer document and its pages; ReadError for encrypted, corrupt or too long."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise ReadError("encrypted PDF: it needs a password to open; ask the publisher for an "
                        "unprotected copy or decrypt it first (e.g. `qpdf --decrypt`)") from exc
    except PDFEncryptionError as exc:
        raise ReadError(f"encrypted PDF with an unsupported security handler: {exc}") from exc
    except Exception as exc:  # pdfminer raises many kinds on broken input
        raise ReadError(f"corrupt PDF: {type(exc).__name__}: {exc}"[:300]) from exc
    try:
        pages = list(islice(PDFPage.create_pages(doc), MAX_PAGES + 1))
    except Exception as exc:
        raise ReadError(f"corrupt PDF (page tree): {type(exc).__name__}: {exc}"[:300]) from exc
    if len(pages) > MAX_PAGES:
        raise ReadError(f"PDF has more than {MAX_PAGES} pages; an annual report is far shorter "
                        "(split the file or raise gongkai.mapper.readers.pdf.MAX_PAGES)")
    if not pages:
        raise ReadError("corrupt PDF: no pages found")
    return doc, pages


def _pages(data: bytes, budget: float | None = None) -> Iterator[Page]:
    """Interpret each page and collect its glyphs and rulings (``budget`` s, default TIME_BUDGET)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    _, pages = _open(data)
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    budget = TIME_BUDGET if budget is None else budget
    deadline = time.monotonic() + budget
    for number, page in enumerate(pages, 1):
        if time.monotonic() > deadline:
            raise ReadError(f"PDF took over {budget:.0f} s to read (stopped at page {number} of "
                            f"{len(pages)}); it is unusually heavy or malformed")
        try:
            interpreter.process_page(page)
            layout = device.get_result()
        except Exception as exc:
            raise ReadError(f"corrupt PDF (page {number}): {type(exc).__name__}: {exc}"[:300]) from exc
        yield _collect(number, layout)


def _collect(number: int, layout: object) -> Page:
    """Flatten a pdfminer LTPage into a :class:`Page` (top-left origin)."""
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage

    px0, py0, px1, py1 = layout.bbox  # type: ignore[attr-defined]
    out = Page(number, px1 - px0, py1 - py0, [], [])
    stack = list(layout)  # type: ignore[call-overload]
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if _COMPAT.search(text):
                text = unicodedata.normalize("NFKC", text)
            if text.strip():
                out.glyphs.append(Glyph(text, obj.x0 - px0, py1 - obj.y1, obj.x1 - px0, py1 - obj.y0))
        elif isinstance(obj, LTImage):
            out.images += 1
        elif isinstance(obj, LTFigure):
            stack.extend(obj)
        elif isinstance(obj, LTCurve):
            pts = [(x - px0, py1 - y) for x, y in obj.pts]
            out.segs.extend(_rulings(pts, obj.stroke, obj.fill))
    return out


def _rulings(pts: list[tuple[float, float]], stroke: bool, fill: bool) -> list[Seg]:
    """Axis-aligned rulings drawn by one path (a line, a thin bar or a stroked outline)."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if x1 - x0 <= THIN and y1 - y0 > THIN:
        return [Seg(False, (x0 + x1) / 2, y0, y1)]
    if y1 - y0 <= THIN and x1 - x0 > THIN:
        return [Seg(True, (y0 + y1) / 2, x0, x1)]
    if not stroke:
        return []  # a filled area (cell shading, page background) is no ruling
    segs = []
    closed = pts + [pts[0]] if len(pts) > 2 else pts
    for (ax, ay), (bx, by) in zip(closed, closed[1:], strict=False):
        if abs(ay - by) < 0.5 and abs(ax - bx) > THIN:
            segs.append(Seg(True, ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < 0.5 and abs(ay - by) > THIN:
            segs.append(Seg(False, ax, min(ay, by), max(ay, by)))
    return segs


# ---------------------------------------------------------------------------- rulings


def _merge_segs(segs: list[Seg]) -> list[Seg]:
    """Snap rulings to shared positions and join collinear pieces."""
    out: list[Seg] = []
    for horizontal in (True, False):
        group = sorted((s for s in segs if s.horizontal is horizontal), key=lambda s: s.pos)
        clusters: list[list[Seg]] = []
        for s in group:
            if clusters and s.pos - clusters[-1][-1].pos <= SNAP:
                clusters[-1].append(s)
            else:
                clusters.append([s])
        for cluster in clusters:
            pos = sum(s.pos for s in cluster) / len(cluster)
            for lo, hi in _union((s.lo, s.hi) for s in cluster):
                out.append(Seg(horizontal, pos, lo, hi))
    return out


def _union(spans: Iterator[tuple[float, float]] | list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping or nearly touching intervals joined."""
    merged: list[list[float]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + JOIN:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _components(segs: list[Seg]) -> list[list[Seg]]:
    """Groups of rulings that touch each other (one group per drawn table)."""
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, s in enumerate(segs) if s.horizontal]
    vs = [i for i, s in enumerate(segs) if not s.horizontal]
    for i in hs:
        h = segs[i]
        for j in vs:
            v = segs[j]
            if h.lo - SNAP <= v.pos <= h.hi + SNAP and v.lo - SNAP <= h.pos <= v.hi + SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[Seg]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _coords(values: list[float]) -> list[float]:
    """Distinct grid coordinates (clustered within SNAP)."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _covered(segs: list[Seg], pos: float, lo: float, hi: float) -> bool:
    """Whether rulings at ``pos`` cover most of [lo, hi]."""
    need = (hi - lo) * 0.6
    got = 0.0
    for s in segs:
        if abs(s.pos - pos) <= SNAP:
            got += max(0.0, min(s.hi, hi) - max(s.lo, lo))
    return got >= need


# ------------------------------------------------------------------------------ grids


def _grid(page: int, segs: list[Seg]) -> Table | None:
    """Rebuild one table from its rulings: merged cells grown from elementary cells."""
    hsegs = [s for s in segs if s.horizontal]
    vsegs = [s for s in segs if not s.horizontal]
    if len(hsegs) < 2 or len(vsegs) < 2:
        return None
    xs = _coords([s.pos for s in vsegs] + [p for s in hsegs for p in (s.lo, s.hi)])
    ys = _coords([s.pos for s in hsegs] + [p for s in vsegs for p in (s.lo, s.hi)])
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return None

    def vbound(i: int, j: int) -> bool:  # ruling at xs[j] across row i
        return _covered(vsegs, xs[j], ys[i], ys[i + 1])

    def hbound(i: int, j: int) -> bool:  # ruling at ys[i] across column j
        return _covered(hsegs, ys[i], xs[j], xs[j + 1])

    owner: list[list[Cell | None]] = [[None] * nc for _ in range(nr)]
    cells: list[Cell] = []
    for i in range(nr):
        for j in range(nc):
            if owner[i][j] is not None:
                continue
            j2 = j
            while j2 + 1 < nc and owner[i][j2 + 1] is None and not vbound(i, j2 + 1):
                j2 += 1
            i2 = i
            while i2 + 1 < nr and all(owner[i2 + 1][k] is None and not hbound(i2 + 1, k)
                                      for k in range(j, j2 + 1)):
                i2 += 1
            cell = Cell(page, xs[j], ys[i], xs[j2 + 1], ys[i2 + 1], i)
            sides = (hbound(i, j), hbound(i2 + 1, j), vbound(i, j), vbound(i, j2 + 1))
            cell.phantom = sum(sides) < 3  # outside the drawn table: kept only if it gets text
            for r in range(i, i2 + 1):
                for k in range(j, j2 + 1):
                    owner[r][k] = cell
            cells.append(cell)
    if sum(not c.phantom for c in cells) < 2:
        return None  # a single box (a frame around text) is no table
    return Table(page, xs[0], ys[0], xs[-1], ys[-1], cells, nr, hsegs, page, xs, ys, owner)  # type: ignore[arg-type]


def _tables(page: Page) -> list[Table]:
    """All ruled tables of a page, top to bottom."""
    tables = [t for group in _components(_merge_segs(page.segs)) if (t := _grid(page.number, group))]
    return sorted(tables, key=lambda t: t.top)


def _fill(table: Table, glyphs: list[Glyph]) -> None:
    """Put each glyph into the cell under its centre and set the cells' text."""
    xs, ys, owner = table.xs, table.ys, table.owner
    for g in glyphs:
        j = min(max(bisect_right(xs, g.cx) - 1, 0), len(xs) - 2)
        i = min(max(bisect_right(ys, g.cy) - 1, 0), len(ys) - 2)
        owner[i][j].glyphs.append(g)
    for cell in table.cells:
        cell.text = _join_lines(_text_lines(cell.glyphs))
    table.cells = [c for c in table.cells if c.text or not c.phantom]


# ------------------------------------------------------------------------------- text


def _group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into visual lines (vertical overlap), each sorted left to right."""
    lines: list[list[Glyph]] = []
    band: list[tuple[float, float]] = []
    for g in sorted(glyphs, key=lambda g: (g.cy, g.x0)):
        if lines and band[-1][0] <= g.cy <= band[-1][1]:
            lines[-1].append(g)
        else:
            lines.append([g])
            band.append((g.top, g.bottom))
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def _line_text(glyphs: list[Glyph], split_gap: float | None = None) -> str:
    """Text of one line: CJK joined tight, ASCII words spaced, wide gaps as cell separators."""
    out: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None:
            gap = g.x0 - prev.x1
            size = max(prev.bottom - prev.top, 1.0)
            if split_gap is not None and gap > split_gap * size:
                out.append(CELL_SEP)
            elif gap > 0.2 * size and not (_CJK.match(prev.text[-1]) or _CJK.match(g.text[0])):
                out.append(" ")
        out.append(g.text)
        prev = g
    return "".join(out)


def _text_lines(glyphs: list[Glyph]) -> list[str]:
    return [_line_text(line) for line in _group_lines(glyphs)]


def _join(a: str, b: str) -> str:
    """Join wrapped pieces: no space unless both sides are Latin letters."""
    if not a or not b:
        return a + b
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        text = _join(text, line.strip())
    return text


# ----------------------------------------------------------------- headers, footers


def _is_margin(line: Line, height: float) -> bool:
    return line.bottom < height * 0.1 or line.top > height * 0.9


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _drop_furniture(pages: list[tuple[Page, list[Line]]]) -> None:
    """Remove page numbers and running headers/footers (margin lines repeated on pages)."""
    counts = Counter(_shape(ln.text) for page, lines in pages for ln in lines if _is_margin(ln, page.height))
    repeat = max(2, (len(pages) + 1) // 2)
    for page, lines in pages:
        lines[:] = [
            ln for ln in lines
            if not (_is_margin(ln, page.height)
                    and (_PAGE_NO.match(ln.text.strip()) or (len(pages) >= 3 and counts[_shape(ln.text)] >= repeat)))
        ]


# --------------------------------------------------------------- continuation join


def _first_row(table: Table) -> list[Cell]:
    return sorted((c for c in table.cells if abs(c.top - table.top) <= SNAP), key=lambda c: c.x0)


def _last_row(table: Table) -> list[Cell]:
    return sorted((c for c in table.cells if abs(c.bottom - table.bottom) <= SNAP), key=lambda c: c.x0)


def _open_edge(table: Table, y: float, cell: Cell) -> bool:
    return not _covered(table.hsegs, y, cell.x0, cell.x1)


def _continues(a: Cell, c: Cell, right: Cell | None, prev: Table, nxt: Table) -> bool:
    """Whether ``c`` (top of the next page) is the rest of the merged cell ``a``."""
    if abs(a.x0 - c.x0) > 3 or abs(a.x1 - c.x1) > 3:
        return False
    if _open_edge(prev, prev.bottom, a) and _open_edge(nxt, nxt.top, c):
        return True
    spans_more = right is not None and c.bottom > right.bottom + SNAP
    return spans_more and (not c.text or not _ENUM.match(c.text))


def _row_texts(table: Table, limit: int = 3) -> list[tuple[int, tuple[str, ...]]]:
    """The first ``limit`` rows as (row index, cell texts)."""
    return [(r[0].row, tuple(c.text for c in r)) for r in _rows(table)[:limit]]


def _drop_repeated_header(prev: Table, nxt: Table) -> None:
    """Drop header rows the continuation repeats (Word's "repeat as header row")."""
    head, cont = _row_texts(prev), _row_texts(nxt)
    k = 0
    while k < min(len(head), len(cont)) and head[k][1] == cont[k][1]:
        k += 1
    if k == 0 or k == len(_rows(nxt)):
        return
    cut = cont[k][0] if k < len(cont) else cont[-1][0] + 1
    nxt.cells = [c for c in nxt.cells if c.row >= cut]
    if nxt.cells:
        nxt.top = min(c.top for c in nxt.cells)


def _join_tables(prev: Table, nxt: Table) -> bool:
    """Append ``nxt`` to ``prev`` if it continues it on the next page; True if joined."""
    if nxt.page != prev.last_page + 1 or abs(prev.x0 - nxt.x0) > 3 or abs(prev.x1 - nxt.x1) > 3:
        return False
    _drop_repeated_header(prev, nxt)
    if not nxt.cells:
        return True
    last, first = _last_row(prev), _first_row(nxt)
    for k, c in enumerate(first):
        right = first[k + 1] if k + 1 < len(first) else None
        a = next((a for a in last if abs(a.x0 - c.x0) <= 3 and abs(a.x1 - c.x1) <= 3), None)
        if a is not None and _continues(a, c, right, prev, nxt):
            root = a.origin or a
            root.text = _join(root.text, c.text)
            c.origin = root
    for c in nxt.cells:
        c.row += prev.nrows
    prev.cells.extend(nxt.cells)
    prev.nrows += nxt.nrows
    prev.bottom, prev.hsegs, prev.last_page = nxt.bottom, nxt.hsegs, nxt.page
    return True


# ------------------------------------------------------------------------- assembly


def _page_blocks(page: Page) -> tuple[list[Table], list[Line]]:
    """Tables (filled with their glyphs) and the remaining text lines of one page."""
    tables = _tables(page)
    loose: list[Glyph] = []
    inside: dict[int, list[Glyph]] = {id(t): [] for t in tables}
    for g in page.glyphs:
        table = next((t for t in tables if t.contains(g)), None)
        (inside[id(table)] if table else loose).append(g)
    for t in tables:
        _fill(t, inside[id(t)])
    lines = [Line(page.number, gl) for gl in _group_lines(loose)]
    for ln in lines:
        ln.text = _line_text(ln.glyphs, split_gap=2.0).strip()
    return tables, lines


def _blocks(pages: list[Page]) -> list[Table | Line]:
    """All blocks in reading order, tables continued over a page break joined."""
    per_page = [(page, *_page_blocks(page)) for page in pages]
    _drop_furniture([(page, lines) for page, _, lines in per_page])
    out: list[Table | Line] = []
    for _page, tables, lines in per_page:
        items: list[Table | Line] = sorted([*tables, *lines], key=lambda b: b.top)
        for k, item in enumerate(items):
            if k == 0 and isinstance(item, Table) and out and isinstance(out[-1], Table):
                if _join_tables(out[-1], item):
                    continue
            out.append(item)
    return _reflow(out)


def _reflow(blocks: list[Table | Line]) -> list[Table | Line]:
    """Rejoin paragraphs wrapped over several lines of a page.

    A line continues the line before it when that line runs to the right edge of the text
    (within 1.5 characters), it starts at the left edge (no first-line indent), follows at
    line spacing in the same type size, and neither is a row of positional cells nor starts
    an enumerated heading. Edges are those of all text lines in the document.
    """
    lines = [b for b in blocks if isinstance(b, Line) and b.glyphs and CELL_SEP not in b.text]
    if len(lines) < 2:
        return blocks
    left = min(g.x0 for ln in lines for g in ln.glyphs)
    right = max(g.x1 for ln in lines for g in ln.glyphs)
    out: list[Table | Line] = []
    for b in blocks:
        a = out[-1] if out else None
        if isinstance(a, Line) and isinstance(b, Line) and _wraps(a, b, left, right):
            a.glyphs.extend(b.glyphs)
            a.text = _join(a.text, b.text)
            continue
        out.append(b)
    return out


def _wraps(a: Line, b: Line, left: float, right: float) -> bool:
    """Whether ``b`` is the wrapped continuation of ``a`` (see :func:`_reflow`)."""
    if a.page != b.page or not a.text or not b.text or CELL_SEP in a.text or CELL_SEP in b.text:
        return False
    last = [g for g in a.glyphs if g.top >= a.bottom - 1.5 * (a.glyphs[-1].bottom - a.glyphs[-1].top)]
    size = max(g.bottom - g.top for g in b.glyphs)
    if abs(size - max(g.bottom - g.top for g in last)) > 1.0:
        return False
    return (max(g.x1 for g in last) >= right - 1.5 * size
            and min(g.x0 for g in b.glyphs) <= left + 0.5 * size
            and 0 <= b.top - a.bottom < size
            and not _ENUM.match(b.text))


def _render(blocks: list[Table | Line]) -> tuple[str, list[tuple[int, int, PageBox]]]:
    """The document text (one line per text line or table row) and the cell boxes."""
    parts: list[str] = []
    boxes: list[tuple[int, int, PageBox]] = []
    pos = 0
    for block in blocks:
        framed = not isinstance(block, Line)
        rows = [[block]] if isinstance(block, Line) else _rows(block)
        for row in rows:
            if framed:  # "| a | b |": edge pipes keep a trailing empty cell visible
                parts.append(ROW_START)
                pos += len(ROW_START)
            for k, item in enumerate(row):
                if k:
                    parts.append(CELL_SEP)
                    pos += len(CELL_SEP)
                if item.text:
                    boxes.append((pos, pos + len(item.text), item.box()))
                parts.append(item.text)
                pos += len(item.text)
            if framed:
                parts.append(ROW_END)
                pos += len(ROW_END)
            parts.append("\n")
            pos += 1
    return "".join(parts), boxes


def _rows(table: Table) -> list[list[Cell]]:
    """Origin cells per row, left to right; rows with no text left out."""
    rows: dict[int, list[Cell]] = {}
    for c in table.cells:
        if c.origin is None:
            rows.setdefault(c.row, []).append(c)
    return [sorted(r, key=lambda c: c.x0) for _, r in sorted(rows.items()) if any(c.text for c in r)]


def _check_text(pages: list[Page]) -> None:
    """Raise :class:`NoTextLayer` for image-only PDFs (a stamped page number aside, on most
    pages) or PDFs whose glyphs have no Unicode mapping."""
    glyphs = [g for p in pages for g in p.glyphs]
    image_pages = [p.number for p in pages if p.images]
    scanned = [p.number for p in pages if p.images and len(p.glyphs) < SCAN_GLYPHS]
    if not glyphs or len(scanned) * 2 > len(pages):
        raise NoTextLayer(len(pages), image_pages)
    cid = sum(g.text.startswith("(cid:") for g in glyphs)
    if cid > len(glyphs) / 2:
        raise NoTextLayer(len(pages), image_pages, "no usable text layer (glyphs without Unicode mapping)")


def read_pdf_pages(data: bytes, budget: float | None = None) -> list[Page]:
    """The pages' glyphs and rulings (for inspection and benchmarks)."""
    return list(_pages(data, budget))


@register(MEDIA_TYPE)
def read_pdf(data: bytes) -> Document:
    """Read a PDF: tables as ``" | "`` rows from their ruled grids, other text as lines."""
    pages = read_pdf_pages(data)
    _check_text(pages)
    text, boxes = _render(_blocks(pages))
    return Document(text, MEDIA_TYPE, boxes)
