"""Code lists, data structure definitions and data sets, generated from the forms.

Each table's row and column axes are coded dimensions with a SKOS code list. A concept
is keyed by its form code; where two editions print different canonical labels for
one code (E2 规范性文件 vs E3 行政规范性文件) each edition gets its own concept and the
two are linked with ``skos:exactMatch``, so every concept's ``skos:prefLabel@zh`` is
exactly the parser's canonical label.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .. import nt
from ..forms import EDITIONS, Column, Edition, Row, Table
from ..nt import DCT, OWL, QB, RDFS, SDMX_ATTR, SDMX_MEASURE, SKOS, A, iri, lit, quad
from ..uris import Uris


@dataclass(frozen=True, slots=True)
class Scheme:
    """A code list: SKOS concept scheme, its class, and the dimension that uses it."""

    name: str
    zh: str
    en: str
    cls: str
    dimension: str | None


SCHEMES = {s.name: s for s in (
    Scheme("e1-indicator", "统计指标（2014—2018年统计表）", "indicators of the 2014–2018 statistics form",
           "E1Indicator", "e1Indicator"),
    Scheme("proactive-item", "主动公开事项（条例第二十条）", "proactive disclosure items (Article 20)",
           "ProactiveItem", "proactiveItem"),
    Scheme("proactive-measure", "主动公开统计项", "proactive disclosure measures", "ProactiveMeasure",
           "proactiveMeasure"),
    Scheme("application-item", "政府信息公开申请办理情况", "applications and their outcomes",
           "ApplicationItem", "applicationItem"),
    Scheme("applicant-type", "申请人类型", "applicant types", "ApplicantType", "applicantType"),
    Scheme("proceeding", "行政复议、行政诉讼程序", "reconsideration and litigation proceedings", "Proceeding",
           "proceeding"),
    Scheme("review-result", "行政复议、行政诉讼结果", "reconsideration and litigation results", "ReviewResult",
           "reviewResult"),
    # thematic lists: same concepts, grouped as users look for them
    Scheme("disclosure-channel", "主动公开渠道", "proactive disclosure channels", "DisclosureChannel", None),
    Scheme("application-channel", "申请渠道", "application channels", "ApplicationChannel", None),
    Scheme("outcome", "申请办理结果（2019年起）", "application outcomes (2019 onward)", "Outcome", None),
    Scheme("outcome-e1", "申请答复结果（2014—2018年）", "application outcomes (2014–2018)", "OutcomeE1", None),
    Scheme("unit", "计量单位", "units", "Unit", None),
    Scheme("edition", "报告格式版本", "report form editions", "Edition", None),
)}

#: (row scheme, column scheme or None) of each table key
_AXES = {
    ("E1", None): ("e1-indicator", None),
    ("modern", "proactive"): ("proactive-item", "proactive-measure"),
    ("modern", "requests"): ("application-item", "applicant-type"),
    ("modern", "review"): ("proceeding", "review-result"),
}
#: thematic lists: scheme → (edition, table, codes)
_THEMES = {
    "disclosure-channel": ("E1", "proactive", tuple(f"1.2.{i}" for i in range(1, 6))),
    "application-channel": ("E1", "requests", tuple(f"3.1.{i}" for i in range(1, 5))),
    "outcome-e1": ("E1", "requests", (*(f"3.3.{i}" for i in range(1, 9)), *(f"3.3.4{c}" for c in "abcdef"))),
}
EDITION_LABELS = {
    "E0": ("地方统计报表（2014年以前）", "local forms before 2014"),
    "E1": ("政府信息公开情况统计表（2014—2018年）", "national statistics form 2014–2018"),
    "E2": ("年度报告格式（试行，2019—2020年）", "2019 report format"),
    "E3": ("年度报告格式（2021年起）", "2021 report format"),
    "prose": ("无统计表（数字见正文）", "no tables: figures in prose"),
}
UNITS = {"件": "applications, documents (件)", "条": "items (条)", "次": "times (次)", "篇": "articles (篇)",
         "个": "units (个)", "人": "persons (人)", "人次": "person-times (人次)", "万元": "10,000 yuan (万元)",
         "元": "yuan (元)", "项": "items (项)", "宗": "cases (宗)", "起": "cases (起)", "份": "copies (份)"}


def axes(edition: str, table: str) -> tuple[str, str | None]:
    """The row and column code lists of a table."""
    if edition == "E1":
        return _AXES[("E1", None)]
    return _AXES[("modern", table)]


@lru_cache(maxsize=1)
def _labels_by_key() -> dict[tuple[str, str], dict[str, str]]:
    """(scheme, code) → {edition: canonical label}, over every edition."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for ed in EDITIONS.values():
        for table in ed.tables:
            rows, cols = axes(ed.id, table.key)
            for row in table.rows:
                out.setdefault((rows, row.code), {})[ed.id] = row.canonical
            if cols:
                for col in table.columns:
                    out.setdefault((cols, col.code), {})[ed.id] = col.canonical
    return out


def concept_key(scheme: str, code: str, edition: str) -> str:
    """The concept's code in its list: the form code, edition-qualified where labels differ."""
    labels = _labels_by_key().get((scheme, code), {})
    return code if len(set(labels.values())) <= 1 else f"{code}-{edition}"


@lru_cache(maxsize=1)
def lookup() -> dict[tuple[str, str, str, str], tuple[Row | Column, str, str]]:
    """(edition, table, axis, canonical label) → (row or column, scheme, concept key)."""
    out: dict[tuple[str, str, str, str], tuple[Row | Column, str, str]] = {}
    for ed in EDITIONS.values():
        for table in ed.tables:
            rows, cols = axes(ed.id, table.key)
            for row in table.rows:
                out[(ed.id, table.key, "row", row.canonical)] = (row, rows, concept_key(rows, row.code, ed.id))
            for col in table.columns:
                scheme = cols or "e1-indicator"
                out[(ed.id, table.key, "col", col.canonical)] = (col, scheme, concept_key(scheme, col.code, ed.id))
    return out


def ontology_quads(uris: Uris, graph: str) -> Iterator[str]:
    """The hand-written core vocabulary (core.ttl), as N-Quads in ``graph``."""
    from importlib import resources

    import pyoxigraph as ox

    text = resources.files(__package__).joinpath("core.ttl").read_text("utf-8")
    g = ox.NamedNode(graph)
    for triple in ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=uris.vocab):
        yield str(ox.Quad(triple.subject, triple.predicate, triple.object, g)) + " .\n"


def codelist_quads(uris: Uris, graph: str) -> Iterator[str]:
    """Every code list, concept, cross-edition match, unit and year, in ``graph``."""
    g = iri(graph)
    for scheme in SCHEMES.values():
        s = iri(uris.scheme(scheme.name))
        cls = iri(uris.term(scheme.cls))
        yield quad(s, A, iri(SKOS + "ConceptScheme"), g)
        yield quad(s, iri(SKOS + "prefLabel"), lit(scheme.zh, "zh"), g)
        yield quad(s, iri(SKOS + "prefLabel"), lit(scheme.en, "en"), g)
        yield quad(s, iri(RDFS + "label"), lit(scheme.zh, "zh"), g)
        yield quad(s, iri(RDFS + "seeAlso"), cls, g)
        yield quad(cls, A, iri(OWL + "Class"), g)
        yield quad(cls, iri(RDFS + "subClassOf"), iri(SKOS + "Concept"), g)
        yield quad(cls, iri(RDFS + "label"), lit(scheme.zh, "zh"), g)
        yield quad(cls, iri(RDFS + "label"), lit(scheme.en, "en"), g)
    seen: set[str] = set()
    for ed in EDITIONS.values():
        for table in ed.tables:
            rows, cols = axes(ed.id, table.key)
            for row in table.rows:
                yield from _concept(uris, g, ed, table, rows, row, seen)
            if cols:
                for col in table.columns:
                    yield from _concept(uris, g, ed, table, cols, col, seen)
    yield from _themes(uris, g)
    yield from _matches(uris, g)
    for ed_id, (zh, en) in EDITION_LABELS.items():
        c = iri(uris.concept("edition", ed_id))
        yield from _plain_concept(uris, g, c, "edition", ed_id, zh, en)
    for unit, en in UNITS.items():
        c = iri(uris.concept("unit", unit))
        yield from _plain_concept(uris, g, c, "unit", unit, unit, en)
    for year in range(2004, 2031):
        y = iri(uris.year(year))
        yield quad(y, A, iri(uris.term("Year")), g)
        yield quad(y, iri(RDFS + "label"), lit(f"{year}年", "zh"), g)
        yield quad(y, iri(RDFS + "label"), lit(str(year), "en"), g)
        yield quad(y, iri(nt.RDF + "value"), nt.typed(str(year), nt.XSD + "gYear"), g)
        yield quad(y, iri(OWL + "sameAs"), iri(f"http://reference.data.gov.uk/id/year/{year}"), g)


def _plain_concept(uris: Uris, g: str, c: str, scheme: str, code: str, zh: str, en: str) -> Iterator[str]:
    yield quad(c, A, iri(SKOS + "Concept"), g)
    yield quad(c, A, iri(uris.term(SCHEMES[scheme].cls)), g)
    yield quad(c, iri(SKOS + "inScheme"), iri(uris.scheme(scheme)), g)
    yield quad(c, iri(SKOS + "notation"), lit(code), g)
    yield quad(c, iri(SKOS + "prefLabel"), lit(zh, "zh"), g)
    yield quad(c, iri(SKOS + "prefLabel"), lit(en, "en"), g)


def _concept(uris: Uris, g: str, ed: Edition, table: Table, scheme: str, item: Row | Column,
             seen: set[str]) -> Iterator[str]:
    key = concept_key(scheme, item.code, ed.id)
    c = uris.concept(scheme, key)
    if c in seen:
        return
    seen.add(c)
    ci = iri(c)
    yield from _plain_concept(uris, g, ci, scheme, key, item.canonical, item.en)
    if not getattr(item, "parent", None):
        yield quad(ci, iri(SKOS + "topConceptOf"), iri(uris.scheme(scheme)), g)
    if item.label != item.canonical:
        yield quad(ci, iri(SKOS + "altLabel"), lit(item.label, "zh"), g)
    for alias in item.aliases:
        yield quad(ci, iri(SKOS + "hiddenLabel"), lit(alias, "zh"), g)
    yield quad(ci, iri(DCT + "source"), iri(uris.concept("edition", ed.id)), g)
    parent = getattr(item, "parent", None)
    if parent:
        p = iri(uris.concept(scheme, concept_key(scheme, parent, ed.id)))
        yield quad(ci, iri(SKOS + "broader"), p, g)
        yield quad(p, iri(SKOS + "narrower"), ci, g)
    if scheme == "application-item" and item.code.startswith("O") and item.code != "O":
        yield quad(ci, iri(SKOS + "inScheme"), iri(uris.scheme("outcome")), g)
        yield quad(ci, A, iri(uris.term(SCHEMES["outcome"].cls)), g)


def _themes(uris: Uris, g: str) -> Iterator[str]:
    for scheme, (ed_id, table_key, codes) in _THEMES.items():
        table = EDITIONS[ed_id].table(table_key)
        for code in codes:
            key = concept_key("e1-indicator", table.row(code).code, ed_id)
            c = iri(uris.concept("e1-indicator", key))
            yield quad(c, iri(SKOS + "inScheme"), iri(uris.scheme(scheme)), g)
            yield quad(c, A, iri(uris.term(SCHEMES[scheme].cls)), g)


#: cross-edition matches (spec §3.4 and §7): (scheme, code, edition) relation (scheme, code, edition)
CROSSWALK: tuple[tuple[tuple[str, str, str], str, tuple[str, str, str]], ...] = (
    (("proactive-item", "normative", "E2"), "exactMatch", ("proactive-item", "normative", "E3")),
    (("proactive-measure", "decisions", "E2"), "closeMatch", ("proactive-measure", "decisions", "E3")),
    (("e1-indicator", "3.1", "E1"), "closeMatch", ("application-item", "F1", "E3")),
    (("e1-indicator", "3.3.2", "E1"), "closeMatch", ("application-item", "O1", "E3")),
    (("e1-indicator", "3.3.3", "E1"), "closeMatch", ("application-item", "O2", "E3")),
    (("e1-indicator", "3.3.4", "E1"), "closeMatch", ("application-item", "O3", "E3")),
    (("e1-indicator", "3.3.4a", "E1"), "closeMatch", ("application-item", "O3.1", "E3")),
    (("e1-indicator", "3.3.4b", "E1"), "broadMatch", ("application-item", "O3.4", "E3")),
    (("e1-indicator", "3.3.4c", "E1"), "broadMatch", ("application-item", "O3.4", "E3")),
    (("e1-indicator", "3.3.4d", "E1"), "closeMatch", ("application-item", "O3.3", "E3")),
    (("e1-indicator", "3.3.4f", "E1"), "closeMatch", ("application-item", "O3.2", "E3")),
    (("e1-indicator", "3.3.5", "E1"), "broadMatch", ("application-item", "O4.1", "E3")),
    (("e1-indicator", "3.3.6", "E1"), "broadMatch", ("application-item", "O4.1", "E3")),
    (("e1-indicator", "4", "E1"), "closeMatch", ("proceeding", "review", "E3")),
    (("e1-indicator", "4.1", "E1"), "closeMatch", ("review-result", "upheld", "E3")),
    (("e1-indicator", "4.2", "E1"), "closeMatch", ("review-result", "corrected", "E3")),
    (("e1-indicator", "4.3", "E1"), "closeMatch", ("review-result", "other", "E3")),
)
_INVERSE = {"exactMatch": "exactMatch", "closeMatch": "closeMatch", "broadMatch": "narrowMatch"}


def _matches(uris: Uris, g: str) -> Iterator[str]:
    for (s1, c1, e1), rel, (s2, c2, e2) in CROSSWALK:
        a = iri(uris.concept(s1, concept_key(s1, c1, e1)))
        b = iri(uris.concept(s2, concept_key(s2, c2, e2)))
        yield quad(a, iri(SKOS + rel), b, g)
        yield quad(b, iri(SKOS + _INVERSE[rel]), a, g)


def structure_quads(uris: Uris, graph: str) -> Iterator[str]:
    """Dimension properties, one DSD and one data set per table of each edition."""
    g = iri(graph)
    for scheme in SCHEMES.values():
        if scheme.dimension is None:
            continue
        d = iri(uris.term(scheme.dimension))
        yield quad(d, A, iri(nt.RDF + "Property"), g)
        yield quad(d, A, iri(QB + "DimensionProperty"), g)
        yield quad(d, A, iri(QB + "CodedProperty"), g)
        yield quad(d, iri(RDFS + "label"), lit(scheme.zh, "zh"), g)
        yield quad(d, iri(RDFS + "label"), lit(scheme.en, "en"), g)
        yield quad(d, iri(RDFS + "range"), iri(uris.term(scheme.cls)), g)
        yield quad(d, iri(QB + "codeList"), iri(uris.scheme(scheme.name)), g)
    measure = iri(SDMX_MEASURE + "obsValue")
    unit = iri(SDMX_ATTR + "unitMeasure")
    yield quad(measure, A, iri(QB + "MeasureProperty"), g)
    yield quad(measure, iri(RDFS + "label"), lit("数值", "zh"), g)
    yield quad(measure, iri(RDFS + "label"), lit("observation value", "en"), g)
    yield quad(unit, A, iri(QB + "AttributeProperty"), g)
    yield quad(unit, iri(RDFS + "label"), lit("计量单位", "zh"), g)
    yield quad(unit, iri(RDFS + "label"), lit("unit of measure", "en"), g)
    for ed in EDITIONS.values():
        for table in ed.tables:
            yield from _dsd(uris, g, ed, table)


def dimensions(edition: str, table: str) -> tuple[str, ...]:
    """Dimension property local names of a table's cube, in order."""
    rows, cols = axes(edition, table)
    coded = tuple(SCHEMES[s].dimension for s in (rows, cols) if s)
    return ("agency", "refYear", *coded)  # type: ignore[return-value]


def _dsd(uris: Uris, g: str, ed: Edition, table: Table) -> Iterator[str]:
    dsd_iri = uris.dsd(ed.id, table.key)
    dsd = iri(dsd_iri)
    ds = iri(uris.dataset(ed.id, table.key))
    yield quad(dsd, A, iri(QB + "DataStructureDefinition"), g)
    yield quad(dsd, iri(RDFS + "label"), lit(f"{table.title}（{EDITION_LABELS[ed.id][0]}）", "zh"), g)
    yield quad(dsd, iri(RDFS + "label"), lit(f"{table.en} ({EDITION_LABELS[ed.id][1]})", "en"), g)
    components = [(uris.term(d), "dimension") for d in dimensions(ed.id, table.key)]
    components += [(SDMX_MEASURE + "obsValue", "measure"), (SDMX_ATTR + "unitMeasure", "attribute")]
    for n, (prop, kind) in enumerate(components, start=1):
        spec = iri(f"{dsd_iri}/component/{n}")
        yield quad(dsd, iri(QB + "component"), spec, g)
        yield quad(spec, A, iri(QB + "ComponentSpecification"), g)
        yield quad(spec, iri(QB + kind), iri(prop), g)
        yield quad(spec, iri(QB + "componentProperty"), iri(prop), g)
        yield quad(spec, iri(QB + "order"), nt.integer(n), g)
        if kind == "attribute":
            yield quad(spec, iri(QB + "componentRequired"), nt.boolean(False), g)
            yield quad(spec, iri(QB + "componentAttachment"), iri(QB + "Observation"), g)
    key = iri(f"{dsd_iri}/slice-key")
    yield quad(dsd, iri(QB + "sliceKey"), key, g)
    yield quad(key, A, iri(QB + "SliceKey"), g)
    yield quad(key, iri(RDFS + "label"), lit("一个机构一个年度", "zh"), g)
    yield quad(key, iri(RDFS + "label"), lit("one agency, one year", "en"), g)
    for d in ("agency", "refYear"):
        yield quad(key, iri(QB + "componentProperty"), iri(uris.term(d)), g)
    yield quad(ds, A, iri(QB + "DataSet"), g)
    yield quad(ds, iri(QB + "structure"), dsd, g)
    yield quad(ds, iri(DCT + "title"), lit(f"{table.title}（{EDITION_LABELS[ed.id][0]}）", "zh"), g)
    yield quad(ds, iri(DCT + "title"), lit(f"{table.en} ({EDITION_LABELS[ed.id][1]})", "en"), g)
    yield quad(ds, iri(RDFS + "label"), lit(f"{table.title}（{EDITION_LABELS[ed.id][0]}）", "zh"), g)
    yield quad(ds, iri(DCT + "license"), iri("https://creativecommons.org/licenses/by/4.0/"), g)
