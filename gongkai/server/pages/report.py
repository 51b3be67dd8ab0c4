"""A report: each table as the form prints it (rows and columns in form order), every cell
linking to its observation; the source document; validation findings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from markupsafe import Markup, escape

from ... import nt
from ...forms import EDITIONS
from ...uris import segment
from .common import Page

TYPES = ("AnnualReport",)
TEMPLATE = "report.html"
SH_MESSAGE = nt.SH + "resultMessage"
MEASURE = nt.SDMX_MEASURE + "obsValue"
UNIT = nt.SDMX_ATTR + "unitMeasure"
RDF_TYPE = ox.NamedNode(nt.RDF + "type")
#: values, asked with the report's graph as the default graph (units and blank cells are quad lookups)
VALUES_QUERY = f"SELECT ?s ?v {{ ?s <{MEASURE}> ?v }}"


@dataclass(slots=True)
class Cells:
    """What a report's tables show, read from the report's named graph.

    The build writes each report, with its slices and observations, into the graph named
    by the report IRI. One SPARQL SELECT for the values with that graph as the default
    graph, plus two quad lookups in it (units, blank cells), replace a few lookups per
    cell. Decoding terms is what costs, so it asks for just the terms it needs: reading
    the whole graph with ``quads_for_pattern(None, None, None, graph)`` (~1,400 quads, four
    terms each) takes ~10 ms, these ~0.65 ms (one SELECT with the units as an OPTIONAL
    and the blank cells as a UNION took ~0.85 ms).
    """

    values: dict[str, tuple[ox.Literal, object | None]]
    blank: set[str]

    @classmethod
    def read(cls, store: ox.Store, report: str, vocab: str) -> Cells:
        graph = ox.NamedNode(report)
        units: dict[str, object] = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(UNIT), None, graph):
            units.setdefault(q.subject.value, q.object)
        values: dict[str, tuple[ox.Literal, object | None]] = {}
        for s, v in store.query(VALUES_QUERY, default_graph=graph):  # type: ignore[misc]
            if isinstance(s, ox.NamedNode) and isinstance(v, ox.Literal):
                values.setdefault(s.value, (v, units.get(s.value)))
        blank = {q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(vocab + "BlankCell"), graph)
                 if isinstance(q.subject, ox.NamedNode)}
        return cls(values, blank)


@lru_cache(maxsize=64)
def _cell_paths(edition: str, table: str) -> tuple[tuple[str | None, ...], ...]:
    """Per row, per column: the observation IRI below the report (``/obs/…``), None where the form has no cell."""
    t = EDITIONS[edition].table(table)
    key = f"{edition}-{table}"
    return tuple(tuple(None if row.columns is not None and col.code not in row.columns
                       else f"/obs/{key}/{segment(row.code)}/{segment(col.code)}" for col in t.columns)
                 for row in t.rows)


@dataclass(frozen=True, slots=True)
class Skeleton:
    """The static HTML of one form table, the same for every report of its edition.

    ``head`` is everything up to the first row; per row, ``rows`` holds the row's opening
    (``<tr>`` and its label cell) and per column ``(path, escaped path)`` or None where the
    form has no cell. Only values and links are filled in per report.
    """

    head: str
    rows: tuple[tuple[str, tuple[tuple[str, str] | None, ...]], ...]


@lru_cache(maxsize=64)
def _skeleton(edition: str, table: str) -> Skeleton:
    t = EDITIONS[edition].table(table)
    head = ('<table class="form-table"><thead><tr><th></th>'
            + "".join(f'<th title="{escape(c.code)}">{escape(c.label)}</th>' for c in t.columns)
            + "</tr></thead>\n<tbody>")
    rows = []
    for row, paths in zip(t.rows, _cell_paths(edition, table), strict=True):
        group = ' class="group"' if row.group else ""
        start = f'<tr{group}><td title="{escape(row.code)}">{escape(row.label)}</td>'
        rows.append((start, tuple(None if p is None else (p, str(escape(p))) for p in paths)))
    return Skeleton(head, tuple(rows))


@lru_cache(maxsize=256)
def _unit_suffix(unit: str) -> str:
    suffix = unit.rsplit("/", 1)[-1]
    return suffix if suffix != "件" else ""


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """``text`` HTML-escaped (cell values repeat a lot: 0, 1, …)."""
    return str(escape(text))


EMPTY_CELL = '<td class="num"></td>'


def _table_html(skeleton: Skeleton, report: str, prefix: str, cells: Cells) -> Markup:
    """One table's HTML: the skeleton with this report's values and links (``prefix``: the report's escaped href)."""
    values, blank = cells.values, cells.blank
    out = [skeleton.head]
    for start, paths in skeleton.rows:
        out.append(start)
        for cell in paths:
            if cell is None:
                out.append(EMPTY_CELL)
                continue
            obs = report + cell[0]
            found = values.get(obs)
            if found is not None:
                value, unit = found
                text = value.value + (_unit_suffix(unit.value) if isinstance(unit, ox.NamedNode) else "")
                out.append(f'<td class="num"><a href="{prefix}{cell[1]}">{_escaped(text)}</a></td>')
            elif obs in blank:
                out.append(f'<td class="num blank"><a href="{prefix}{cell[1]}">（空白）</a></td>')
            else:
                out.append(EMPTY_CELL)
        out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def _edition(page: Page, report: str) -> str | None:
    ed = page.one(report, page.uris.term("edition"))
    return ed.value.rsplit("/", 1)[-1] if isinstance(ed, ox.NamedNode) else None


def tables(page: Page, report: str, cells: Cells | None = None) -> list[dict[str, Any]]:
    """The report's tables: every form table with a slice in this report, in form order.

    Each has its ``html`` (the ``<table>``, ready to insert): built from the table's cached
    skeleton, as rendering ~250 cells through the template costs a few milliseconds a page.
    Observation links are the report's link plus the observation's path below the report
    (``local_href`` only rewrites the start of an IRI).
    """
    cells = cells if cells is not None else Cells.read(page.store, report, page.uris.vocab)
    prefix = str(escape(page.href(report)))
    out = []
    for ed in EDITIONS.values():
        for table in ed.tables:
            key = f"{ed.id}-{table.key}"
            if not page.exists(page.uris.slice(report, key)):
                continue
            out.append({"key": key, "title": table.title, "en": table.en,
                        "html": _table_html(_skeleton(ed.id, table.key), report, prefix, cells)})
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
