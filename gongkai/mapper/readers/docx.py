"""DOCX reader (python-docx): paragraphs as lines, real tables as ``" | "`` rows.

Body content is read in document order (content controls included). A table row is
one line of its cells; a horizontally merged cell (``gridSpan``) is one cell, and the
continuation parts of a vertically merged cell (``vMerge``) are left out, as the
HTML reader leaves out the spanned copies of a ``rowspan``. A cell's paragraphs are
joined without spaces between Chinese characters. Legacy ``.doc`` is refused in
:mod:`.base` with the LibreOffice conversion to run.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO

from .base import Document, ReadError, register

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Refuse archives that unpack to more than this (zip bombs); real reports are a few MB.
MAX_UNPACKED = 200 * 1024 * 1024
CELL_SEP = " | "

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")


def _check_zip(data: bytes) -> None:
    """Refuse non-Word zips, corrupt archives and archives that unpack too large."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"corrupt DOCX (not a readable zip archive): {exc}") from exc
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise ReadError("zip archive without word/document.xml: not a Word .docx file")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise ReadError(f"DOCX unpacks to over {MAX_UNPACKED // 1048576} MB; refused")


def _text(p: object) -> str:
    """Visible text of one ``w:p`` element (runs, hyperlinks, tabs and breaks)."""
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text  # type: ignore[arg-type]


def _join(a: str, b: str) -> str:
    """Join wrapped pieces: no space unless both sides are Latin letters or digits."""
    if not a or not b:
        return a + b
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _tidy(text: str) -> str:
    """One line: newlines joined, spaces between Chinese characters removed."""
    out = ""
    for piece in text.splitlines():
        out = _join(out, " ".join(piece.split()))
    return _CJK_GAP.sub("", out)


def _cell_text(tc: object) -> str:
    """All paragraphs of a cell (nested tables included), joined into one line."""
    return _tidy("\n".join(_text(p) for p in tc.iter(f"{_W}p")))  # type: ignore[attr-defined]


def _rows(tbl: object) -> Iterator[str]:
    """Lines of one table: origin cells only, empty cells kept empty."""
    for tr in tbl.iterchildren(f"{_W}tr"):  # type: ignore[attr-defined]
        cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue":
                continue  # spanned copy of the cell above
            cells.append(_cell_text(tc))
        if any(cells):
            yield "| " + CELL_SEP.join(cells) + " |"  # edge pipes keep trailing empty cells


def _body(element: object) -> Iterator[str]:
    """Lines of a body-like element in document order."""
    for child in element.iterchildren():  # type: ignore[attr-defined]
        if child.tag == f"{_W}p":
            line = _text(child).strip()
            if line:
                yield line
        elif child.tag == f"{_W}tbl":
            yield from _rows(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body(content)


@register(MEDIA_TYPE)
def read_docx(data: bytes) -> Document:
    """Read a .docx: paragraphs and table rows as lines, in document order."""
    import docx

    _check_zip(data)
    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, XMLSyntaxError, ValueError, ...
        raise ReadError(f"corrupt DOCX: {type(exc).__name__}: {exc}"[:300]) from exc
    lines = list(_body(document.element.body))
    return Document("\n".join(lines) + ("\n" if lines else ""), MEDIA_TYPE)
