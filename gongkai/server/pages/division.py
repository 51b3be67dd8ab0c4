"""An administrative division: code, level, parent, agencies serving it."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ... import nt
from .common import Page

TYPES = ("AdministrativeDivision",)
TEMPLATE = "division.html"


def context(page: Page) -> dict[str, Any]:
    div = page.doc.desc.iri
    code = page.one(div, nt.SKOS + "notation")
    parent = page.one(div, nt.DCT + "isPartOf")
    agencies = [page.term(a) for a in page.objects(div, page.uris.term("agencyOf"))[:200]]
    parts = [page.term(p) for p in page.subjects(nt.DCT + "isPartOf", div, limit=200)]
    return {"code": code.value if isinstance(code, ox.Literal) else None,
            "parent": page.term(parent) if parent else None, "agencies": agencies, "parts": parts}
