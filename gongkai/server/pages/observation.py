"""One observation (or blank cell): value, unit, dimensions with their labels, report."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ... import nt
from ...forms import EDITIONS
from ...ontology.structure import dimensions
from ...uris import unsegment
from .common import Page

TYPES = ("http://purl.org/linked-data/cube#Observation", "BlankCell")
TEMPLATE = "observation.html"


def title(page: Page, obs: str, report: object) -> str | None:
    """``agency year · row / column`` (e.g. ``湖南省交通运输厅 2017 · 同意公开答复数 / 统计数``), or None.

    The table and codes come from the observation IRI (``{report}/obs/{table}/{row}/{column}``);
    the row and column are the labels of the dimension values, or the form's own labels
    for an axis the cube has no dimension for (the single column of the 2014 form).
    """
    if not isinstance(report, ox.NamedNode) or not obs.startswith(report.value + "/obs/"):
        return None
    parts = obs[len(report.value) + 5:].split("/")
    if len(parts) != 3 or "-" not in parts[0]:
        return None
    key, row_code, col_code = parts
    edition, table_key = key.split("-", 1)
    try:
        table = EDITIONS[edition].table(table_key)
        dims = dimensions(edition, table_key)[2:]
    except KeyError:
        return None
    desc = page.doc.desc
    labels: list[str | None] = []
    for n, (code, form_label) in enumerate(((row_code, _form_label(table.row, row_code)),
                                            (col_code, _form_label(table.column, col_code)))):
        value = desc.first(page.uris.term(dims[n])) if n < len(dims) else None
        labels.append(page.label(value) or form_label or unsegment(code))
    agency = desc.first(page.uris.term("agency"))
    year = desc.first(page.uris.term("refYear"))
    who = " ".join(x for x in (page.label(agency) if agency is not None else None,
                               year.value.rsplit("/", 1)[-1] if isinstance(year, ox.NamedNode) else None) if x)
    what = " / ".join(x for x in labels if x)
    return " · ".join(x for x in (who, what) if x) or None


def _form_label(lookup: Any, code: str) -> str | None:
    try:
        return lookup(unsegment(code)).canonical
    except KeyError:
        return None


def context(page: Page) -> dict[str, Any]:
    obs = page.doc.desc.iri
    value = page.one(obs, nt.SDMX_MEASURE + "obsValue")
    report = page.one(obs, nt.PROV + "wasDerivedFrom")
    ctx: dict[str, Any] = {"value": page.term(value) if value is not None else None,
                           "report": page.term(report) if report is not None else None}
    if heading := title(page, obs, report):
        ctx["title"] = heading
    return ctx
