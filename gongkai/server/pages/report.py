"""A report: each table as the form prints it (rows and columns in form order), every cell
linking to its observation; the source document; validation findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ... import nt
from ...forms import EDITIONS
from .common import Page

TYPES = ("AnnualReport",)
TEMPLATE = "report.html"
SH_MESSAGE = nt.SH + "resultMessage"
MEASURE = nt.SDMX_MEASURE + "obsValue"
UNIT = nt.SDMX_ATTR + "unitMeasure"


@dataclass(slots=True)
class Cell:
    text: str
    href: str | None = None
    blank: bool = False


def _edition(page: Page, report: str) -> str | None:
    ed = page.one(report, page.uris.term("edition"))
    return ed.value.rsplit("/", 1)[-1] if isinstance(ed, ox.NamedNode) else None


def tables(page: Page, report: str) -> list[dict[str, Any]]:
    """The report's tables: every form table with a slice in this report, in form order."""
    out = []
    blank_type = ox.NamedNode(page.uris.term("BlankCell"))
    for ed in EDITIONS.values():
        for table in ed.tables:
            key = f"{ed.id}-{table.key}"
            if not page.exists(page.uris.slice(report, key)):
                continue
            columns = list(table.columns)
            rows = []
            for row in table.rows:
                cells = []
                for col in columns:
                    if row.columns is not None and col.code not in row.columns:
                        cells.append(Cell(""))
                        continue
                    obs = page.uris.observation(report, key, row.code, col.code)
                    value = page.one(obs, MEASURE)
                    if isinstance(value, ox.Literal):
                        unit = page.one(obs, UNIT)
                        text = value.value + (unit.value.rsplit("/", 1)[-1] if isinstance(unit, ox.NamedNode)
                                              and unit.value.rsplit("/", 1)[-1] not in ("件",) else "")
                        cells.append(Cell(text, page.href(obs)))
                    elif any(q.object == blank_type for q in page.store.quads_for_pattern(
                            ox.NamedNode(obs), ox.NamedNode(nt.RDF + "type"), None, None)):
                        cells.append(Cell("（空白）", page.href(obs), blank=True))
                    else:
                        cells.append(Cell(""))
                rows.append({"code": row.code, "label": row.label, "group": row.group, "cells": cells})
            out.append({"key": key, "title": table.title, "en": table.en,
                        "columns": [(c.code, c.label) for c in columns], "rows": rows})
    return out


def context(page: Page) -> dict[str, Any]:
    report = page.doc.desc.iri
    source = page.one(report, nt.PROV + "wasDerivedFrom")
    src: dict[str, Any] = {}
    if isinstance(source, ox.NamedNode):
        url = page.one(source.value, nt.FOAF + "page")
        name = page.one(source.value, nt.RDFS + "label")
        src = {"href": page.href(source.value), "url": url.value if isinstance(url, ox.NamedNode) else None,
               "name": name.value if isinstance(name, ox.Literal) else source.value}
    findings = [w.value for w in page.objects(report, page.uris.term("warning")) if isinstance(w, ox.Literal)]
    vgraph = ox.NamedNode(page.uris.validation(report))
    for q in page.store.quads_for_pattern(None, ox.NamedNode(SH_MESSAGE), None, vgraph):
        findings.append(q.object.value)
    publisher = page.one(report, nt.DCT + "publisher")
    year = page.one(report, page.uris.term("reportingYear"))
    return {
        "tables": tables(page, report), "source": src, "findings": findings,
        "edition": _edition(page, report),
        "publisher": page.term(publisher) if publisher else None, "year": page.term(year) if year else None,
        "csv_observations": None,
    }
