"""Report model → RDF (N-Quads text), one named graph per report.

Every statistic becomes a ``qb:Observation`` in the data set of its form and table,
grouped by one ``qb:Slice`` per table that fixes agency and year. Cells printed blank
are not observations (a Data Cube observation must have a value) but
``gk:BlankCell`` resources on the slice, so blank stays distinguishable from zero.
Each observation points back to its report and to where its value stands in the
normalised source text (and on the PDF page, where known).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import nt
from ..model import Cell, Report
from ..nt import DCT, FOAF, ORG, PROV, QB, RDFS, SDMX_ATTR, SDMX_MEASURE, SKOS, A, iri, lit, quad
from ..ontology.structure import SCHEMES, axes, lookup
from ..uris import Uris
from .divisions import Division

_LEVEL_ZH = {"province": "省级", "prefecture": "地级", "county": "县级"}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a report goes: its IRI, its agency's key and the division it serves."""

    report: str
    agency_key: str
    chain: tuple[Division, ...] = ()

    @property
    def division(self) -> Division | None:
        return self.chain[-1] if self.chain else None


def place(report: Report, uris: Uris, chain: tuple[Division, ...] = (), suffix: str = "") -> Placement:
    """The IRIs of ``report`` given its resolved division chain."""
    division = chain[-1].code if chain else None
    key = uris.agency_key(report.agency, division, report.source.sha256)
    return Placement(uris.report(key, report.year, report.source.sha256, suffix), key, chain)


def report_quads(report: Report, placement: Placement, uris: Uris) -> Iterator[str]:
    """Every quad of ``report``, in its own named graph."""
    g = iri(placement.report)
    r = iri(placement.report)
    t = uris.term
    agency = iri(uris.agency(placement.agency_key))
    source = iri(uris.source(report.source.sha256))

    yield quad(r, A, iri(t("AnnualReport")), g)
    title = report.title or f"{report.agency or '未署名机构'}{report.year or ''}年政府信息公开工作年度报告"
    yield quad(r, iri(DCT + "title"), lit(title, "zh"), g)
    yield quad(r, iri(RDFS + "label"), lit(title, "zh"), g)
    yield quad(r, iri(DCT + "publisher"), agency, g)
    yield quad(r, iri(t("edition")), iri(uris.concept("edition", report.edition)), g)
    if report.year is not None:
        yield quad(r, iri(t("reportingYear")), iri(uris.year(report.year)), g)
    if report.published is not None:
        yield quad(r, iri(DCT + "issued"), nt.day(report.published), g)
    yield quad(r, iri(PROV + "wasDerivedFrom"), source, g)
    for warning in report.warnings:
        yield quad(r, iri(t("warning")), lit(warning, "en"), g)

    yield from _source(report, source, g, t)
    yield from _agency(report, placement, agency, uris, g)
    yield from _cells(report, placement, agency, uris, g)


def _source(report: Report, source: str, g: str, t) -> Iterator[str]:
    yield quad(source, A, iri(t("SourceDocument")), g)
    yield quad(source, iri(t("sha256")), lit(report.source.sha256), g)
    yield quad(source, iri(DCT + "format"), lit(report.source.media_type), g)
    yield quad(source, iri(RDFS + "label"), lit(report.source.path.rsplit("/", 1)[-1]), g)
    if report.source.url:
        yield quad(source, iri(FOAF + "page"), iri(report.source.url), g)
    if report.source.retrieved:
        yield quad(source, iri(PROV + "generatedAtTime"), lit(report.source.retrieved), g)


def _agency(report: Report, placement: Placement, agency: str, uris: Uris, g: str) -> Iterator[str]:
    yield quad(agency, A, iri(ORG + "Organization"), g)
    name = report.agency or "未署名机构"
    yield quad(agency, iri(SKOS + "prefLabel"), lit(name, "zh"), g)
    yield quad(agency, iri(RDFS + "label"), lit(name, "zh"), g)
    chain = placement.chain
    if not chain:
        return
    division = chain[-1]
    div = iri(uris.division(division.code))
    yield quad(agency, iri(uris.term("jurisdiction")), div, g)
    yield quad(div, iri(uris.term("agencyOf")), agency, g)
    government = f"{division.name}人民政府"
    if report.agency and report.agency not in (division.name, government):
        gov = iri(uris.agency(uris.agency_key(government, division.code, "")))
        yield quad(agency, iri(ORG + "subOrganizationOf"), gov, g)
        yield quad(gov, iri(ORG + "hasSubOrganization"), agency, g)
        yield quad(gov, A, iri(ORG + "Organization"), g)
        yield quad(gov, iri(SKOS + "prefLabel"), lit(government, "zh"), g)
        yield quad(gov, iri(RDFS + "label"), lit(government, "zh"), g)
        yield quad(gov, iri(uris.term("jurisdiction")), div, g)
        yield quad(div, iri(uris.term("agencyOf")), gov, g)
    for i, d in enumerate(chain):
        di = iri(uris.division(d.code))
        yield quad(di, A, iri(uris.term("AdministrativeDivision")), g)
        yield quad(di, iri(RDFS + "label"), lit(d.name, "zh"), g)
        yield quad(di, iri(SKOS + "prefLabel"), lit(d.name, "zh"), g)
        yield quad(di, iri(SKOS + "notation"), lit(d.code), g)
        yield quad(di, iri(DCT + "identifier"), lit(d.code), g)
        yield quad(di, iri(uris.term("level")), lit(_LEVEL_ZH.get(d.level, d.level), "zh"), g)
        if i:
            yield quad(di, iri(DCT + "isPartOf"), iri(uris.division(chain[i - 1].code)), g)


def _cells(report: Report, placement: Placement, agency: str, uris: Uris, g: str) -> Iterator[str]:
    if report.year is None:
        return  # an observation needs its reference year; the cells stay in the JSON output
    year = iri(uris.year(report.year))
    index = lookup()
    sliced: set[tuple[str, str]] = set()
    for cell in report.cells:
        found_row = index.get((cell.form, cell.table, "row", cell.row))
        found_col = index.get((cell.form, cell.table, "col", cell.column))
        if found_row is None or found_col is None:
            continue
        row, row_scheme, row_key = found_row
        col, _, col_key = found_col
        ds = iri(uris.dataset(cell.form, cell.table))
        sl = iri(uris.slice(placement.report, f"{cell.form}-{cell.table}"))
        if (cell.form, cell.table) not in sliced:
            sliced.add((cell.form, cell.table))
            dsd = uris.dsd(cell.form, cell.table)
            yield quad(sl, A, iri(QB + "Slice"), g)
            yield quad(sl, iri(QB + "sliceStructure"), iri(f"{dsd}/slice-key"), g)
            yield quad(sl, iri(uris.term("agency")), agency, g)
            yield quad(sl, iri(uris.term("refYear")), year, g)
            yield quad(ds, iri(QB + "slice"), sl, g)
        obs = iri(uris.observation(placement.report, f"{cell.form}-{cell.table}", row.code, col.code))
        dims = _dims(cell, uris, row_scheme, row_key, col_key)
        if cell.blank:
            yield quad(sl, iri(uris.term("blankCell")), obs, g)
            yield quad(obs, A, iri(uris.term("BlankCell")), g)
        else:
            yield quad(sl, iri(QB + "observation"), obs, g)
            yield quad(obs, A, iri(QB + "Observation"), g)
            yield quad(obs, iri(QB + "dataSet"), ds, g)
            yield quad(obs, iri(SDMX_MEASURE + "obsValue"), nt.num(cell.value), g)  # type: ignore[arg-type]
            if cell.unit:
                yield quad(obs, iri(SDMX_ATTR + "unitMeasure"), iri(uris.concept("unit", cell.unit)), g)
        yield quad(obs, iri(uris.term("agency")), agency, g)
        yield quad(obs, iri(uris.term("refYear")), year, g)
        for prop, value in dims:
            yield quad(obs, iri(prop), iri(value), g)
        yield from _provenance(cell, obs, placement, uris, g)


def _dims(cell: Cell, uris: Uris, row_scheme: str, row_key: str, col_key: str) -> list[tuple[str, str]]:
    _, col_scheme = axes(cell.form, cell.table)
    out = [(uris.term(SCHEMES[row_scheme].dimension or ""), uris.concept(row_scheme, row_key))]
    if col_scheme:
        out.append((uris.term(SCHEMES[col_scheme].dimension or ""), uris.concept(col_scheme, col_key)))
    return out


def _provenance(cell: Cell, obs: str, placement: Placement, uris: Uris, g: str) -> Iterator[str]:
    yield quad(obs, iri(PROV + "wasDerivedFrom"), iri(placement.report), g)
    yield quad(obs, iri(uris.term("printedLabel")), lit(cell.printed_row, "zh"), g)
    yield quad(obs, iri(uris.term("charStart")), nt.integer(cell.span.start), g)
    yield quad(obs, iri(uris.term("charEnd")), nt.integer(cell.span.end), g)
    if cell.page is not None:
        yield quad(obs, iri(uris.term("page")), nt.integer(cell.page.page), g)
    if cell.source == "prose":
        yield quad(obs, iri(uris.term("fromProse")), nt.boolean(True), g)


__all__ = ["Placement", "place", "report_quads"]
