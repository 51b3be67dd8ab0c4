"""``gongkai export``: the observations as one tidy CSV table, streamed report by report.

One row per ``qb:Observation`` and one per ``gk:BlankCell`` (empty ``value``,
``blank`` = ``true``), read from each report's named graph in IRI order; within a
report, rows follow the form (table, row, column). Row and column labels are the
code lists' ``skos:prefLabel@zh`` (the forms' canonical labels); values are the
literals' lexical forms exactly as stored.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

import pyoxigraph as ox

from ..forms import EDITIONS
from ..nt import DCT, PROV, QB, RDF, SDMX_ATTR, SDMX_MEASURE, SKOS
from ..ontology.structure import SCHEMES, UNITS, axes, concept_key
from ..uris import Uris, unsegment

#: the CSV header; columns are only ever added at the end
HEADER = ("agency", "division", "year", "edition", "table", "row", "column", "value", "unit", "blank",
          "report", "observation", "source_sha256")


@dataclass(frozen=True, slots=True)
class _Table:
    """What the forms say about one qb:DataSet: edition, table and its axes in form order."""

    edition: str
    table: str
    index: int
    row_dim: str
    col_dim: str | None
    rows: dict[str, tuple[int, str]]  # concept IRI → (position, label)
    cols: dict[str, tuple[int, str]]
    only_column: str  # the column label of single-column tables (E1), whose cube has no column dimension


def _tables(uris: Uris) -> dict[str, _Table]:
    out: dict[str, _Table] = {}
    n = 0
    for ed in EDITIONS.values():
        for table in ed.tables:
            row_scheme, col_scheme = axes(ed.id, table.key)
            rows = {uris.concept(row_scheme, concept_key(row_scheme, r.code, ed.id)): (i, r.canonical)
                    for i, r in enumerate(table.rows)}
            cols = ({uris.concept(col_scheme, concept_key(col_scheme, c.code, ed.id)): (i, c.canonical)
                     for i, c in enumerate(table.columns)} if col_scheme else {})
            col_dim = uris.term(SCHEMES[col_scheme].dimension or "") if col_scheme else None
            out[uris.dataset(ed.id, table.key)] = _Table(
                ed.id, table.key, n, uris.term(SCHEMES[row_scheme].dimension or ""), col_dim, rows, cols,
                table.columns[0].canonical if len(table.columns) == 1 else "")
            n += 1
    return out


def concept_labels(store: ox.Store) -> dict[str, str]:
    """Every SKOS concept's ``prefLabel@zh`` in the store."""
    query = (f"SELECT ?c ?l WHERE {{ GRAPH ?g {{ ?c a <{SKOS}Concept> ; <{SKOS}prefLabel> ?l }} "
             'FILTER(LANG(?l) = "zh") }')
    return {r["c"].value: r["l"].value for r in store.query(query)}


def report_graphs(store: ox.Store, uris: Uris) -> list[ox.NamedNode]:
    prefix = uris.base + "id/report/"
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)),
                  key=lambda g: g.value)


def rows(store: ox.Store, uris: Uris) -> Iterator[tuple[str, ...]]:
    """Every CSV row (without the header), one report graph at a time."""
    tables = _tables(uris)
    labels = concept_labels(store)
    editions = {uris.concept("edition", e): e for e in ("E0", "E1", "E2", "E3", "prose")}
    units = {uris.concept("unit", u): u for u in UNITS}
    for g in report_graphs(store, uris):
        yield from _report_rows(store, g, uris, tables, labels, editions, units)


def _report_rows(store: ox.Store, g: ox.NamedNode, uris: Uris, tables: dict[str, _Table], labels: dict[str, str],
                 editions: dict[str, str], units: dict[str, str]) -> Iterator[tuple[str, ...]]:
    props: dict[str, dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]]] = defaultdict(
        lambda: defaultdict(list))
    for q in store.quads_for_pattern(None, None, None, g):
        props[q.subject.value][q.predicate.value].append(q.object)  # type: ignore[arg-type]

    def one(subject: str, prop: str) -> str:
        values = props.get(subject, {}).get(prop)
        return values[0].value if values else ""

    report = g.value
    agency = one(report, DCT + "publisher")
    agency_name = one(agency, SKOS + "prefLabel")
    division_iri = one(agency, uris.term("jurisdiction"))
    division = one(division_iri, SKOS + "notation") if division_iri else ""
    if not division and division_iri:
        division = division_iri.rsplit("/", 1)[-1]
    year_iri = one(report, uris.term("reportingYear"))
    year = year_iri.rsplit("/", 1)[-1] if year_iri else ""
    edition_iri = one(report, uris.term("edition"))
    edition = editions.get(edition_iri, edition_iri.rsplit("/", 1)[-1])
    sources = sorted(one(s.value, uris.term("sha256"))
                     for s in props.get(report, {}).get(PROV + "wasDerivedFrom", []))
    sha = ";".join(s for s in sources if s)

    dataset_of = {o.value: s for s, sp in props.items() for o in sp.get(QB + "slice", [])}
    out: list[tuple[tuple[int, int, int, str], tuple[str, ...]]] = []
    for subject, p in props.items():
        kinds = p.get(RDF + "type", [])
        if not any(k.value == QB + "Slice" for k in kinds):
            continue
        table = tables.get(dataset_of.get(subject, ""))
        members = [(o.value, False) for o in p.get(QB + "observation", [])]
        members += [(o.value, True) for o in p.get(uris.term("blankCell"), [])]
        for obs, blank in members:
            op = props.get(obs, {})
            row_iri = op[table.row_dim][0].value if table and op.get(table.row_dim) else ""
            col_iri = op[table.col_dim][0].value if table and table.col_dim and op.get(table.col_dim) else ""
            row_pos, row_label = table.rows.get(row_iri, (999, "")) if table else (999, "")
            col_pos, col_label = table.cols.get(col_iri, (999, "")) if table else (999, "")
            row_label = labels.get(row_iri, row_label)
            col_label = labels.get(col_iri, col_label) if col_iri else (table.only_column if table else "")
            value = "" if blank else one(obs, SDMX_MEASURE + "obsValue")
            unit_iri = one(obs, SDMX_ATTR + "unitMeasure")
            unit = units.get(unit_iri, unsegment(unit_iri.rsplit("/", 1)[-1]) if unit_iri else "")
            key = (table.index if table else 999, row_pos, col_pos, obs)
            out.append((key, (
                agency_name, division, year, table.edition if table else edition, table.table if table else "",
                row_label, col_label, value, unit, "true" if blank else "false", report, obs, sha)))
    for _, row in sorted(out):
        yield row


def write_csv(store: ox.Store, uris: Uris, out: TextIO) -> int:
    """Write the header and every row to ``out``; returns the number of data rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    n = 0
    for row in rows(store, uris):
        writer.writerow(row)
        n += 1
    return n
