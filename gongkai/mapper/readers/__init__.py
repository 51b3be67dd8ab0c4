"""Document readers (text, HTML; PDF and DOCX slot in by registering a media type)."""

from . import docx, html, pdf, text  # noqa: F401  (registers the readers)
from .base import MAX_BYTES, Document, ReadError, read_bytes, read_document, register, sniff

__all__ = ["MAX_BYTES", "Document", "ReadError", "read_bytes", "read_document", "register", "sniff"]
