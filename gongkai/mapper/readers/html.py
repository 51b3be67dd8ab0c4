"""HTML reader (placeholder until the grid reader lands)."""

from __future__ import annotations

from .base import Document, register
from .text import decode


@register("text/html")
def read_html(data: bytes) -> Document:
    from bs4 import BeautifulSoup

    return Document(BeautifulSoup(decode(data), "lxml").get_text("\n"), "text/html")
