"""Document → report model: the parser's one entry point.

``parse_path`` never raises for bad input: a file that cannot be read or is not a
report becomes a :class:`~gongkai.model.Failure` with a reason, so one broken file
never stops a run over thousands.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..forms import EDITIONS
from ..model import Cell, Failure, Report, Source
from .checks import check
from .edition import detect_edition
from .metadata import extract_metadata
from .normalize import compact, normalise
from .prose import extract_prose
from .readers import MAX_BYTES, Document, ReadError, read_bytes
from .readers.base import too_large
from .tables import read_tables
from .tokens import tokenize

_REPORT_WORDS = ("信息公开", "政务公开")


class NotAReport(Exception):
    """The document was read but does not look like an annual disclosure report."""


def parse_document(doc: Document, source: Source) -> Report:
    """Read agency, year, edition, cells and findings from one document."""
    text = normalise(doc.text)
    head = compact(text[:200_000])
    if not any(word in head for word in _REPORT_WORDS):
        raise NotAReport("not a disclosure report: the text never mentions 信息公开 or 政务公开")
    meta = extract_metadata(text)
    warnings = list(meta.warnings)
    edition_id, edition_warnings = detect_edition(text, meta.year)
    warnings.extend(edition_warnings)
    cells: list[Cell] = []
    if edition_id in EDITIONS:
        tables = read_tables(tokenize(text), doc.text, EDITIONS[edition_id])  # labels as printed
        cells.extend(tables.cells)
        warnings.extend(tables.warnings)
    elif edition_id == "prose":
        prose_cells, prose_warnings = extract_prose(text, meta.year)
        cells.extend(prose_cells)
        warnings.extend(prose_warnings)
    if meta.year is None and not cells:
        raise NotAReport("not recognised as an annual report: no reporting year and no figures found")
    if doc.boxes:
        cells = [replace(c, page=doc.box_at(c.span.start, c.span.end)) for c in cells]
    findings = check(cells, EDITIONS[edition_id]) if edition_id in EDITIONS else []
    return Report(
        source=replace(source, media_type=doc.media_type),
        agency=meta.agency,
        year=meta.year,
        published=meta.published,
        edition=edition_id,  # type: ignore[arg-type]
        cells=cells,
        findings=findings,
        warnings=warnings,
        title=meta.title,
        text=text,
    )


def parse_bytes(data: bytes, name: str, *, url: str | None = None, retrieved: str | None = None,
                max_bytes: int = MAX_BYTES) -> Report | Failure:
    """Parse one document given as bytes; never raises for bad input."""
    source = Source(path=name, sha256=hashlib.sha256(data).hexdigest(), url=url, retrieved=retrieved)
    try:
        doc = read_bytes(data, name, max_bytes)
        return parse_document(doc, source)
    except (ReadError, NotAReport) as exc:
        return Failure(source, str(exc))
    except Exception as exc:  # a parser bug must not stop a build of thousands
        return Failure(source, f"internal error while parsing ({type(exc).__name__}: {exc}); please report it")


def parse_path(path: str | Path, *, url: str | None = None, retrieved: str | None = None,
               max_bytes: int = MAX_BYTES) -> Report | Failure:
    """Parse the file at ``path``; never raises for bad input."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        return Failure(Source(str(p), ""), f"cannot open: {exc.strerror or exc}")
    if size > max_bytes:
        return Failure(Source(str(p), ""), too_large(size, max_bytes))
    try:
        data = p.read_bytes()
    except OSError as exc:
        return Failure(Source(str(p), ""), f"cannot open: {exc.strerror or exc}")
    return parse_bytes(data, str(p), url=url, retrieved=retrieved, max_bytes=max_bytes)
