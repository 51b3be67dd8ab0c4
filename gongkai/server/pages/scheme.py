"""A code list: its concepts (top concepts first) with zh labels and en fallback."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ... import nt
from .common import Page
from .concept import labels

TYPES = (nt.SKOS + "ConceptScheme",)
TEMPLATE = "scheme.html"


def context(page: Page) -> dict[str, Any]:
    scheme = page.doc.desc.iri
    members = page.subjects(nt.SKOS + "inScheme", scheme, limit=1000)
    concepts = []
    for m in members:
        lab = labels(page, m.value)
        notation = page.one(m.value, nt.SKOS + "notation")
        concepts.append({"href": page.href(m.value), "notation": notation.value if isinstance(notation, ox.Literal)
                         else "", "zh": lab.get("zh") or lab.get("en") or lab.get("", ""), "en": lab.get("en", "")})
    return {"labels": labels(page, scheme), "concepts": concepts}
