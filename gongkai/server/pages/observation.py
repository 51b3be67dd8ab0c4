"""One observation (or blank cell): value, unit, dimensions with their labels, report."""

from __future__ import annotations

from typing import Any

from ... import nt
from .common import Page

TYPES = ("http://purl.org/linked-data/cube#Observation", "BlankCell")
TEMPLATE = "observation.html"


def context(page: Page) -> dict[str, Any]:
    obs = page.doc.desc.iri
    value = page.one(obs, nt.SDMX_MEASURE + "obsValue")
    report = page.one(obs, nt.PROV + "wasDerivedFrom")
    return {"value": page.term(value) if value is not None else None,
            "report": page.term(report) if report is not None else None}
