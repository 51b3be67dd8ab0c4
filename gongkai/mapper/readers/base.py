"""The reader interface: bytes of one file → a :class:`Document` of text.

A reader turns its format into plain text in which every table row is one line framed
and separated by pipes, ``| a |  | c |`` (empty cells kept as empty; the edge pipes make
a trailing empty cell visible), so one form-driven table parser reads HTML grids, PDF
grids and flattened text alike. Readers register
themselves by media type; :func:`read_document` sniffs which one applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...model import PageBox

#: Inputs larger than this are refused before any parsing (real reports are < 2 MB).
MAX_BYTES = 5 * 1024 * 1024


def too_large(size: int, max_bytes: int) -> str:
    """The message for an input over the size limit."""
    return (f"input is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit "
            "for one report; split it or raise --max-bytes")


class ReadError(Exception):
    """A document that cannot be read; the message says why and what to do."""


@dataclass(slots=True)
class Document:
    """Text of one document as the parser sees it.

    ``boxes`` optionally maps character ranges of ``text`` to where they stand on a
    page (PDF readers fill it), as ``(start, end, PageBox)`` sorted by ``start``.
    """

    text: str
    media_type: str
    boxes: list[tuple[int, int, PageBox]] = field(default_factory=list)

    def box_at(self, start: int, end: int) -> PageBox | None:
        """The page box covering ``[start, end)``, if the reader recorded one."""
        for b_start, b_end, box in self.boxes:
            if b_start <= start and end <= b_end:
                return box
        return None


Reader = Callable[[bytes], Document]
_READERS: dict[str, Reader] = {}


def register(media_type: str) -> Callable[[Reader], Reader]:
    """Register a reader for ``media_type``."""

    def deco(fn: Reader) -> Reader:
        _READERS[media_type] = fn
        return fn

    return deco


def sniff(data: bytes, name: str = "") -> str:
    """The media type of ``data``, from its magic bytes first and its name second."""
    head = data[:4096].lstrip()
    suffix = Path(name).suffix.lower()
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/msword"
    lowered = head[:2048].lower()
    if suffix in {".html", ".htm", ".shtml", ".xhtml"} or any(
        tag in lowered for tag in (b"<html", b"<!doctype html", b"<table", b"<body", b"<div")
    ):
        return "text/html"
    return "text/plain"


def read_bytes(data: bytes, name: str = "", max_bytes: int = MAX_BYTES) -> Document:
    """Read one document from its bytes; raises :class:`ReadError` with the reason."""
    if len(data) > max_bytes:
        raise ReadError(too_large(len(data), max_bytes))
    if not data.strip():
        raise ReadError("empty input")
    media_type = sniff(data, name)
    reader = _READERS.get(media_type)
    if reader is None:
        hint = {
            "application/msword": "legacy .doc is not read; convert it first, e.g. "
            "`libreoffice --headless --convert-to docx FILE.doc`",
        }.get(media_type, "no reader is installed for it")
        raise ReadError(f"cannot read {media_type}: {hint}")
    return reader(data)


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[Document, bytes]:
    """Read the file at ``path``; returns the document and the raw bytes (for hashing)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ReadError(too_large(size, max_bytes))
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open {p}: {exc.strerror or exc}") from exc
    return read_bytes(data, p.name, max_bytes), data
