"""A code-list concept: zh label (en fallback), notation, schemes, broader/narrower, matches."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ... import nt
from .common import Page

TYPES = (nt.SKOS + "Concept",)
TEMPLATE = "concept.html"


def labels(page: Page, iri: str, prop: str = nt.SKOS + "prefLabel") -> dict[str, str]:
    return {o.language or "": o.value for o in page.objects(iri, prop) if isinstance(o, ox.Literal)}


def context(page: Page) -> dict[str, Any]:
    c = page.doc.desc.iri
    rel = {name: [page.term(o) for o in page.objects(c, nt.SKOS + name)]
           for name in ("inScheme", "broader", "narrower", "exactMatch", "closeMatch", "broadMatch", "narrowMatch")}
    notation = page.one(c, nt.SKOS + "notation")
    return {"labels": labels(page, c), "notation": notation.value if isinstance(notation, ox.Literal) else None,
            "rel": rel}
