"""A year: the reports for it (first page) with counts."""

from __future__ import annotations

from typing import Any

from .common import Page

TYPES = ("Year",)
TEMPLATE = "year.html"


def context(page: Page) -> dict[str, Any]:
    reports = page.subjects(page.uris.term("reportingYear"), page.doc.desc.iri, limit=200)
    return {"reports": [page.term(r) for r in reports], "reports_more": len(reports) >= 200}
