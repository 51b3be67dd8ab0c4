"""The ``docx`` and ``pdf`` layouts: a generated report as a Word file or a ruled PDF.

Both print the same :class:`~.document.Doc` the text and HTML layouts print: title,
date line, headings, paragraphs, tables with the grid's row/column spans (Word merged
cells; PDF ruling lines drawn around merged cells only), and the signature. A blank value
cell is an empty cell, as in ``html`` and ``pipes``.

``docx`` uses python-docx. ``pdf`` uses reportlab with its built-in CID font
``STSong-Light`` (Adobe-GB1, not embedded), so real CJK text comes out of any PDF text
extractor without a font file on the machine; pages are A4 with a ``- n -`` page number,
and long tables break over pages as a word processor breaks them.

>>> sample, data = generate_binary("E2", "docx", 7)
>>> sample.name, data[:2]
('E2-docx-0007.docx', b'PK')
"""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from .document import Doc, Heading, Para
from .generate import build
from .grid import GCell, Grid
from .model import BINARY_LAYOUTS, Sample
from .text import width

SUFFIX = {"docx": "docx", "pdf": "pdf"}


@dataclass(frozen=True, slots=True)
class Placed:
    """A grid cell at its top-left position in the full row × column matrix."""

    row: int
    col: int
    cell: GCell


def place(grid: Grid) -> tuple[int, int, list[Placed]]:
    """(rows, columns, cells at their positions), spans laid out as HTML lays them out."""
    taken: set[tuple[int, int]] = set()
    out: list[Placed] = []
    nrows = ncols = 0
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append(Placed(r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
            nrows, ncols = max(nrows, r + cell.rowspan), max(ncols, c)
    return nrows, ncols, out


# ------------------------------------------------------------------------------ docx


def render_docx(doc: Doc, rng: random.Random) -> bytes:
    """The document as a .docx: paragraphs, and tables with merged cells."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(doc.title).bold = True
    d.add_paragraph(doc.date_line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    centred = rng.random() < 0.6
    for part in doc.parts:
        if isinstance(part, Heading):
            d.add_paragraph().add_run(part.text).bold = True
        elif isinstance(part, Para):
            d.add_paragraph(part.text)
        else:
            nrows, ncols, cells = place(part)
            table = d.add_table(rows=nrows, cols=ncols)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            grid = [list(row.cells) for row in table.rows]  # table.cell() rescans the table
            for p in cells:
                target = grid[p.row][p.col]
                if p.cell.rowspan > 1 or p.cell.colspan > 1:
                    target = target.merge(grid[p.row + p.cell.rowspan - 1][p.col + p.cell.colspan - 1])
                target.text = p.cell.text
                if centred and p.cell.is_value:
                    target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.signature:
        d.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed member dates (python-docx stamps the current time)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ------------------------------------------------------------------------------- pdf

FONT = "STSong-Light"
PAGE_MARGIN = 56.0  # points
CELL_FONT, CELL_LEADING, CELL_PAD = 8.0, 10.0, 3.0


def _widths(ncols: int, cells: list[Placed], total: float) -> list[float]:
    """Column widths: each column wants its widest unspanned text (capped), scaled to ``total``."""
    want = [2.0] * ncols
    for p in cells:
        if p.cell.colspan == 1:
            w = width(p.cell.text) * CELL_FONT / 2 + 2 * CELL_PAD
            want[p.col] = max(want[p.col], min(w, 9 * CELL_FONT + 2 * CELL_PAD) if not p.cell.is_value else w)
    # a value never wraps: its column keeps its width, label columns share the rest
    fixed = {p.col for p in cells if p.cell.is_value and p.cell.colspan == 1}
    rest = total - sum(want[j] for j in fixed)
    free = sum(want[j] for j in range(ncols) if j not in fixed)
    if rest <= 0 or free <= 0:
        return [total * w / sum(want) for w in want]
    return [w if j in fixed else w * rest / free for j, w in enumerate(want)]


def _pdf_table(grid: Grid, total: float, styles: dict[str, Any]) -> Any:
    from reportlab.platypus import Paragraph, Table, TableStyle

    nrows, ncols, cells = place(grid)
    data: list[list[Any]] = [[""] * ncols for _ in range(nrows)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for p in cells:
        if p.cell.text:
            style = styles["value"] if p.cell.is_value else styles["cell"]
            data[p.row][p.col] = Paragraph(escape(p.cell.text), style)
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            commands.append(("SPAN", (p.col, p.row), (p.col + p.cell.colspan - 1, p.row + p.cell.rowspan - 1)))
    return Table(data, colWidths=_widths(ncols, cells, total), style=TableStyle(commands), splitByRow=1)


def render_pdf(doc: Doc, rng: random.Random) -> bytes:
    """The document as an A4 PDF with ruled tables and CJK text in ``STSong-Light``."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21, spaceAfter=4)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontSize=15, leading=22, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=8),
        "centre": ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=body, firstLineIndent=0, spaceBefore=6),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=0),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=CELL_FONT, leading=CELL_LEADING, wordWrap="CJK"),
    }
    styles["value"] = ParagraphStyle("value", parent=styles["cell"],
                                     alignment=TA_CENTER if rng.random() < 0.6 else TA_RIGHT)
    page_w, page_h = A4
    total = page_w - 2 * PAGE_MARGIN
    story: list[Any] = [Paragraph(escape(doc.title), styles["title"]),
                        Paragraph(escape(doc.date_line), styles["centre"])]
    for part in doc.parts:
        if isinstance(part, Heading):
            story.append(Paragraph(escape(part.text), styles["heading"]))
        elif isinstance(part, Para):
            story.append(Paragraph(escape(part.text), body))
        else:
            story.extend([_pdf_table(part, total, styles), Spacer(1, 6)])
    story.append(Spacer(1, 12))
    story.extend(Paragraph(escape(line), styles["right"]) for line in doc.signature)

    def number(canvas: Any, template: Any) -> None:
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(page_w / 2, PAGE_MARGIN / 2, f"- {template.page} -")

    buf = BytesIO()
    out = SimpleDocTemplate(buf, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
                            topMargin=PAGE_MARGIN, bottomMargin=PAGE_MARGIN, title=doc.title,
                            author=doc.agency, invariant=1)
    out.build(story, onFirstPage=number, onLaterPages=number)
    return buf.getvalue()


# --------------------------------------------------------------------------- entry points

RENDERERS = {"docx": render_docx, "pdf": render_pdf}


def render_binary(source: Doc | Sample, kind: str, rng: random.Random | None = None) -> bytes:
    """``source`` as the bytes of a ``kind`` file (one of :data:`BINARY_LAYOUTS`).

    A :class:`Sample` (of any layout, e.g. ``html``) is rebuilt from its edition, layout,
    seed and errors, so the file prints the same report with the same cells; a sample
    made with ``blanks=False`` or ``variants=False`` cannot be rebuilt (pass its ``Doc``).
    """
    if kind not in RENDERERS:
        raise ValueError(f"unknown binary layout {kind!r}; known: {BINARY_LAYOUTS}")
    if isinstance(source, Sample):
        b = build(source.edition, source.layout, source.seed, errors=bool(source.errors))
        if b.cells != source.cells:
            raise ValueError(f"{source.name} was not generated with the default options; render its Doc")
        source = b.doc
        rng = rng or random.Random(f"{b.agency}:{kind}")
    return RENDERERS[kind](source, rng or random.Random(0))


def generate_binary(edition: str, kind: str, seed: int, *, errors: bool = False, blanks: bool = True,
                    variants: bool = True) -> tuple[Sample, bytes]:
    """Like :func:`~.generate.generate` for a binary layout: the sample and the file's bytes.

    The sample's ``text`` is empty (the report is the bytes); its cells, agency and year
    are what a parser should read from the file.
    """
    if kind not in BINARY_LAYOUTS:
        raise ValueError(f"unknown binary layout {kind!r}; known: {BINARY_LAYOUTS}")
    b = build(edition, kind, seed, errors=errors, blanks=blanks, variants=variants)
    data = render_binary(b.doc, kind, b.look)
    sample = Sample(f"{edition}-{kind}-{seed:04d}.{SUFFIX[kind]}", "", edition, kind, b.agency, b.year,
                    b.published, b.cells, b.errors, seed)
    return sample, data
