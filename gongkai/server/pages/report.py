"""A report: each table as the form prints it (rows and columns in form order), every cell
linking to its observation; the source document; validation findings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from ... import nt
from ...forms import EDITIONS
from ...uris import segment
from .common import Page

TYPES = ("AnnualReport",)
TEMPLATE = "report.html"
SH_MESSAGE = nt.SH + "resultMessage"
MEASURE = nt.SDMX_MEASURE + "obsValue"
UNIT = nt.SDMX_ATTR + "unitMeasure"
#: values (with units) and blank cells, asked with the report's graph as the default graph
CELLS_QUERY = ("SELECT ?s ?v ?u {{ {{ ?s <{measure}> ?v OPTIONAL {{ ?s <{unit}> ?u }} }} "
               "UNION {{ ?s a <{blank}> }} }}")


@dataclass(slots=True)
class Cell:
    text: str
    href: str | None = None
    blank: bool = False


@dataclass(slots=True)
class Cells:
    """What a report's tables show, read from the report's named graph in one query.

    The build writes each report, with its slices and observations, into the graph named
    by the report IRI. One SPARQL SELECT with that graph as the default graph (values,
    units, blank cells) replaces a few lookups per cell. Decoding terms is what costs, so
    it asks for just the terms it needs: reading the whole graph with
    ``quads_for_pattern(None, None, None, graph)`` (~1,400 quads, four terms each) takes
    ~10 ms, this query ~0.9 ms.
    """

    values: dict[str, tuple[ox.Literal, object | None]]
    blank: set[str]

    @classmethod
    def read(cls, store: ox.Store, report: str, vocab: str) -> Cells:
        blank_cell = ox.NamedNode(vocab + "BlankCell").value  # a valid IRI: safe inside <…>
        values: dict[str, tuple[ox.Literal, object | None]] = {}
        blank: set[str] = set()
        rows = store.query(CELLS_QUERY.format(measure=MEASURE, unit=UNIT, blank=blank_cell), default_graph=ox.NamedNode(report))
        for s, v, u in rows:  # type: ignore[misc]
            if not isinstance(s, ox.NamedNode):
                continue
            if v is None:
                blank.add(s.value)
            elif isinstance(v, ox.Literal):
                values.setdefault(s.value, (v, u))
        return cls(values, blank)


@lru_cache(maxsize=64)
def _cell_paths(edition: str, table: str) -> tuple[tuple[str | None, ...], ...]:
    """Per row, per column: the observation IRI below the report (``/obs/…``), None where the form has no cell."""
    t = EDITIONS[edition].table(table)
    key = f"{edition}-{table}"
    return tuple(tuple(None if row.columns is not None and col.code not in row.columns
                       else f"/obs/{key}/{segment(row.code)}/{segment(col.code)}" for col in t.columns)
                 for row in t.rows)


def _edition(page: Page, report: str) -> str | None:
    ed = page.one(report, page.uris.term("edition"))
    return ed.value.rsplit("/", 1)[-1] if isinstance(ed, ox.NamedNode) else None


def tables(page: Page, report: str, cells: Cells | None = None) -> list[dict[str, Any]]:
    """The report's tables: every form table with a slice in this report, in form order."""
    cells = cells if cells is not None else Cells.read(page.store, report, page.uris.vocab)
    out = []
    for ed in EDITIONS.values():
        for table in ed.tables:
            key = f"{ed.id}-{table.key}"
            if not page.exists(page.uris.slice(report, key)):
                continue
            columns = list(table.columns)
            rows = []
            for row, paths in zip(table.rows, _cell_paths(ed.id, table.key), strict=True):
                row_cells = []
                for path in paths:
                    obs = report + path if path is not None else None
                    found = cells.values.get(obs) if obs is not None else None
                    if found is not None:
                        value, unit = found
                        suffix = unit.value.rsplit("/", 1)[-1] if isinstance(unit, ox.NamedNode) else ""
                        row_cells.append(Cell(value.value + (suffix if suffix != "件" else ""), page.href(obs)))
                    elif obs is not None and obs in cells.blank:
                        row_cells.append(Cell("（空白）", page.href(obs), blank=True))
                    else:
                        row_cells.append(Cell(""))
                rows.append({"code": row.code, "label": row.label, "group": row.group, "cells": row_cells})
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
