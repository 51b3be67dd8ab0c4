"""An agency: its division (with code), reports by year and a small inline SVG chart of
applications received and their outcomes over the years."""

from __future__ import annotations

from html import escape
from typing import Any

import pyoxigraph as ox

from ... import nt
from .common import Page

TYPES = ("http://www.w3.org/ns/org#Organization",)
TEMPLATE = "agency.html"
MEASURE = nt.SDMX_MEASURE + "obsValue"
#: series: (label, {edition: (table, row, column)})
SERIES = (
    ("收到申请 received", {"E1": ("requests", "3.1", "value"), "E2": ("requests", "F1", "TOTAL"),
                        "E3": ("requests", "F1", "TOTAL")}),
    ("予以公开 disclosed", {"E1": ("requests", "3.3.2", "value"), "E2": ("requests", "O1", "TOTAL"),
                        "E3": ("requests", "O1", "TOTAL")}),
    ("部分公开 partly", {"E1": ("requests", "3.3.3", "value"), "E2": ("requests", "O2", "TOTAL"),
                      "E3": ("requests", "O2", "TOTAL")}),
    ("不予公开 refused", {"E1": ("requests", "3.3.4", "value"), "E2": ("requests", "O3", "TOTAL"),
                       "E3": ("requests", "O3", "TOTAL")}),
)
COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#cf222e")


def _number(node: object) -> float | None:
    if isinstance(node, ox.Literal):
        try:
            return float(node.value)
        except ValueError:
            return None
    return None


def reports(page: Page, agency: str) -> list[dict[str, Any]]:
    out = []
    for r in page.subjects(nt.DCT + "publisher", agency, limit=500):
        year = page.one(r.value, page.uris.term("reportingYear"))
        ed = page.one(r.value, page.uris.term("edition"))
        out.append({"term": page.term(r), "iri": r.value,
                    "year": int(year.value.rsplit("/", 1)[-1]) if isinstance(year, ox.NamedNode)
                    and year.value.rsplit("/", 1)[-1].isdigit() else None,
                    "edition": ed.value.rsplit("/", 1)[-1] if isinstance(ed, ox.NamedNode) else None})
    return sorted(out, key=lambda r: (r["year"] or 0, r["iri"]))


def chart(page: Page, rows: list[dict[str, Any]], width: int = 560, height: int = 180) -> str:
    """An inline SVG line chart (no scripts, no external requests); empty when < 1 point."""
    points: list[tuple[str, list[tuple[int, float]]]] = []
    for name, where in SERIES:
        series = []
        for r in rows:
            spec = where.get(r["edition"] or "")
            if spec is None or r["year"] is None:
                continue
            table, row, col = spec
            v = _number(page.one(page.uris.observation(r["iri"], f"{r['edition']}-{table}", row, col), MEASURE))
            if v is not None:
                series.append((r["year"], v))
        points.append((name, series))
    years = sorted({y for _, s in points for y, _ in s})
    if not years:
        return ""
    top = max((v for _, s in points for _, v in s), default=0) or 1
    pad = 36
    x0, x1 = pad, width - 10
    y0, y1 = height - 24, 10

    def x(year: int) -> float:
        return x0 if len(years) == 1 else x0 + (x1 - x0) * (years.index(year)) / (len(years) - 1)

    def y(v: float) -> float:
        return y0 - (y0 - y1) * v / top

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 20 * len(SERIES)}" '
             f'role="img" aria-label="applications and outcomes by year" class="chart">',
             f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#888"/>',
             f'<text x="2" y="{y1 + 8}" font-size="10">{top:g}</text><text x="2" y="{y0}" font-size="10">0</text>']
    for yr in years:
        parts.append(f'<text x="{x(yr) - 12:.1f}" y="{y0 + 14}" font-size="10">{yr}</text>')
    for i, (name, series) in enumerate(points):
        colour = COLOURS[i % len(COLOURS)]
        if series:
            path = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in sorted(series))
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
            for yr, v in series:
                parts.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                             f"<title>{yr}: {v:g}</title></circle>")
        ly = height + 14 + 20 * i
        parts.append(f'<rect x="{x0}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x0 + 16}" y="{ly}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def context(page: Page) -> dict[str, Any]:
    agency = page.doc.desc.iri
    division = page.one(agency, page.uris.term("jurisdiction"))
    code = page.one(division.value, nt.SKOS + "notation") if isinstance(division, ox.NamedNode) else None
    rows = reports(page, agency)
    parent = page.one(agency, nt.ORG + "subOrganizationOf")
    return {"division": page.term(division) if division else None,
            "division_code": code.value if isinstance(code, ox.Literal) else None,
            "parent": page.term(parent) if parent else None,
            "reports": rows, "chart": chart(page, rows)}
