"""VoID + DCAT description of the whole data set and of its dumps.

The counts are over the union of the store's graphs, the ``void`` graph itself excluded
(so loading this description does not change what it counts). ``gongkai dump`` counts
them with :class:`StatsCounter` from the sorted, duplicate-free triples of the Turtle
merge as they stream by; :func:`collect_stats` asks the same of the store by SPARQL
(four full scans, seconds per million triples: the reference, used by the tests).

``void:triples`` counts *distinct* triples of the union: a triple several report
graphs share (an agency's label, a division) counts once, as in the Turtle merge and
as in the VoID graph ``gongkai build`` writes (one definition: :mod:`gongkai.store.void`).
(Oxigraph's union default graph is a multiset, so ``COUNT(*)`` over it would not do.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .. import nt
from ..nt import DCAT, DCT, FOAF, QB, RDF, RDFS, SD, SPDX, VOID, XSD
from ..uris import Uris
from .void import LICENSE, local_name

if TYPE_CHECKING:
    from .dumps import DumpFile, DumpResult

IANA = "https://www.iana.org/assignments/media-types/"
FORMATS = {"application/n-quads": "http://www.w3.org/ns/formats/N-Quads",
           "text/turtle": "http://www.w3.org/ns/formats/Turtle"}
TITLE = {"zh": "政府信息公开工作年度报告（关联数据）",
         "en": "Government information disclosure annual reports (linked data)"}
DESCRIPTION = {
    "zh": "各级行政机关政府信息公开工作年度报告中的统计表，以 RDF Data Cube 观测值发布："
          "每份报告一个命名图，附机构、行政区划、年度及来源文件。",
    "en": "The statistics tables of Chinese government agencies' annual information-disclosure "
          "reports as RDF Data Cube observations: one named graph per report, with agencies, "
          "administrative divisions, years and source documents.",
}
KEYWORDS = {"zh": ("政府信息公开", "年度报告", "统计"), "en": ("government information disclosure",
                                                             "annual reports", "statistics", "open data")}
#: vocabularies gongkai reuses, listed as void:vocabulary when the data uses them
REUSED = (QB, nt.SKOS, nt.ORG, DCT, nt.PROV, FOAF, RDFS, nt.OWL, nt.SDMX_DIM, nt.SDMX_MEASURE, nt.SDMX_ATTR,
          nt.SDMX_CODE, nt.TIME, nt.SH)


@dataclass(slots=True)
class Stats:
    """Dataset-wide counts (see the module doc for what each means)."""

    triples: int
    distinct_subjects: int
    distinct_objects: int
    entities: int  # distinct subjects in the URI space {base}id/
    properties: dict[str, int] = field(default_factory=dict)  # property → distinct triples
    classes: dict[str, int] = field(default_factory=dict)  # class → distinct instances
    datasets: dict[str, int] = field(default_factory=dict)  # qb:DataSet → observations
    graphs: int = 0


def _filter(uris: Uris) -> str:
    return f"FILTER(?g != <{uris.graph('void')}>)"


def collect_stats(store: ox.Store, uris: Uris, *, triples: int | None = None) -> Stats:
    """Count triples, subjects, objects, entities, properties and classes (four full scans)."""
    flt = _filter(uris)
    props: dict[str, int] = {}
    for row in store.query(
            f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {flt} }} }} "
            "GROUP BY ?p"):
        props[row["p"].value] = int(row["n"].value)
    id_space = uris.base + "id/"
    (row,) = store.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?e) AS ?entities) "
        f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {flt} "
        f"BIND(IF(isIRI(?s) && STRSTARTS(STR(?s), {_str(id_space)}), ?s, ?none) AS ?e) }}")
    classes: dict[str, int] = {}
    for r in store.query(
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {flt} }} GROUP BY ?c"):
        if isinstance(r["c"], ox.NamedNode):
            classes[r["c"].value] = int(r["n"].value)
    datasets: dict[str, int] = {}
    for r in store.query(
            f"SELECT ?d (COUNT(DISTINCT ?obs) AS ?n) WHERE {{ GRAPH ?g {{ ?obs <{QB}dataSet> ?d }} {flt} }} "
            "GROUP BY ?d"):
        datasets[r["d"].value] = int(r["n"].value)
    graphs = sum(1 for g in store.named_graphs() if g.value != uris.graph("void"))
    return Stats(
        triples=sum(props.values()) if triples is None else triples,
        distinct_subjects=int(row["subjects"].value),
        distinct_objects=int(row["objects"].value),
        entities=int(row["entities"].value),
        properties=dict(sorted(props.items())),
        classes=dict(sorted(classes.items())),
        datasets=dict(sorted(datasets.items())),
        graphs=graphs,
    )


def _str(value: str) -> str:
    return str(ox.Literal(value))


class StatsCounter:
    """The :class:`Stats` of N-Triples lines in code-point order, each triple once (``sort -u``).

    Sorted lines keep each subject's triples together, so distinct subjects are counted
    as runs; ``rdf:type`` and ``qb:dataSet`` triples, being distinct, count instances and
    observations. Only the distinct objects need a set. Lines in ``skip`` (the ``void``
    graph's own triples) are passed over.
    """

    def __init__(self, uris: Uris, skip: set[bytes] = frozenset()) -> None:  # type: ignore[assignment]
        self.skip = skip
        self.lines = 0  # every line fed, skipped ones included
        self.triples = 0
        self.subjects = 0
        self.entities = 0
        self.objects: set[bytes] = set()
        self.properties: dict[bytes, int] = {}
        self.classes: dict[bytes, int] = {}
        self.datasets: dict[bytes, int] = {}
        self._last = b""
        self._id = b"<" + (uris.base + "id/").encode()
        self._type = f"<{RDF}type>".encode()
        self._dataset = f"<{QB}dataSet>".encode()

    def feed(self, lines: Sequence[bytes]) -> None:
        """Count complete lines (without their newline)."""
        skip, props, objects, last = self.skip, self.properties, self.objects, self._last
        rdf_type, dataset, id_space = self._type, self._dataset, self._id
        n = 0
        for line in lines:
            if not line or (skip and line in skip):
                continue
            n += 1
            s, p, rest = line.split(b" ", 2)
            o = rest[:-2]  # drop " ."
            if s != last:
                last = s
                self.subjects += 1
                if s.startswith(id_space):
                    self.entities += 1
            props[p] = props.get(p, 0) + 1
            objects.add(o)
            if p == rdf_type:
                if o[:1] == b"<":
                    self.classes[o] = self.classes.get(o, 0) + 1
            elif p == dataset and o[:1] == b"<":
                self.datasets[o] = self.datasets.get(o, 0) + 1
        self._last = last
        self.triples += n
        self.lines += sum(1 for line in lines if line)

    def stats(self, graphs: int = 0) -> Stats:
        def named(counts: dict[bytes, int]) -> dict[str, int]:
            return dict(sorted((k[1:-1].decode(), v) for k, v in counts.items()))

        return Stats(triples=self.triples, distinct_subjects=self.subjects, distinct_objects=len(self.objects),
                     entities=self.entities, properties=named(self.properties), classes=named(self.classes),
                     datasets=named(self.datasets), graphs=graphs)


def void_triples(uris: Uris, stats: Stats, dumps: Iterable[DumpFile] = (), *, modified: str | None = None,
                 issued: str | None = None) -> list[ox.Triple]:
    """The description as triples: VoID counts and partitions, DCAT data set and distributions.

    ``dumps``: the files to describe (those with ``latest`` set; dated copies and per-report
    files are listed in SHA256SUMS only). ``modified``: when the data last changed (the
    build time); ``issued``: when the dumps were written.
    """
    out: list[ox.Triple] = []
    N, L = ox.NamedNode, ox.Literal

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        out.append(ox.Triple(s, N(p), o))

    def num(n: int) -> ox.Literal:
        return L(str(n), datatype=N(XSD + "integer"))

    def when(text: str) -> ox.Literal:
        return L(text, datatype=N(XSD + ("dateTime" if "T" in text else "date")))

    ds = N(uris.dataset_all())
    add(ds, RDF + "type", N(VOID + "Dataset"))
    add(ds, RDF + "type", N(DCAT + "Dataset"))
    for lang in ("zh", "en"):
        add(ds, DCT + "title", L(TITLE[lang], language=lang))
        add(ds, RDFS + "label", L(TITLE[lang], language=lang))
        add(ds, DCT + "description", L(DESCRIPTION[lang], language=lang))
        for word in KEYWORDS[lang]:
            add(ds, DCAT + "keyword", L(word, language=lang))
    add(ds, DCT + "license", N(LICENSE))
    add(ds, DCAT + "landingPage", N(uris.base))
    add(ds, FOAF + "homepage", N(uris.base))
    add(ds, VOID + "sparqlEndpoint", N(uris.sparql()))
    add(ds, VOID + "uriSpace", L(uris.base + "id/"))
    add(ds, VOID + "rootResource", N(uris.base + "id/report/"))
    if modified:
        add(ds, DCT + "modified", when(modified))
    used = set(stats.properties) | set(stats.classes)
    for vocab in sorted(v for v in REUSED if any(term.startswith(v) for term in used)):
        add(ds, VOID + "vocabulary", N(vocab))
    add(ds, VOID + "vocabulary", N(uris.vocab))
    add(ds, VOID + "triples", num(stats.triples))
    add(ds, VOID + "entities", num(stats.entities))
    add(ds, VOID + "distinctSubjects", num(stats.distinct_subjects))
    add(ds, VOID + "distinctObjects", num(stats.distinct_objects))
    add(ds, VOID + "properties", num(len(stats.properties)))
    add(ds, VOID + "classes", num(len(stats.classes)))
    for n, (cls, count) in enumerate(stats.classes.items()):
        part = N(uris.partition("class", local_name(cls, n, uris.vocab)))
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", N(cls))
        add(part, VOID + "entities", num(count))
    for n, (prop, count) in enumerate(stats.properties.items()):
        part = N(uris.partition("property", local_name(prop, n, uris.vocab)))
        add(ds, VOID + "propertyPartition", part)
        add(part, VOID + "property", N(prop))
        add(part, VOID + "triples", num(count))
    for cube, count in stats.datasets.items():
        sub = N(cube)
        add(ds, VOID + "subset", sub)
        add(sub, RDF + "type", N(VOID + "Dataset"))
        add(sub, VOID + "entities", num(count))
        add(sub, VOID + "sparqlEndpoint", N(uris.sparql()))
    for f in dumps:
        if not f.latest:
            continue
        url = N(uris.dump(f.path))
        dist = N(uris.distribution(f.path))
        add(ds, VOID + "dataDump", url)
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", N(DCAT + "Distribution"))
        add(dist, DCT + "title", L(f"{f.path} ({_format_name(f.media_type)}, gzip)", language="en"))
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "accessURL", url)
        add(dist, DCAT + "mediaType", N(IANA + f.media_type))
        add(dist, DCAT + "compressFormat", N(IANA + "application/gzip"))
        if f.media_type in FORMATS:
            add(dist, DCT + "conformsTo", N(FORMATS[f.media_type]))
        add(dist, DCAT + "byteSize", L(str(f.size), datatype=N(XSD + "nonNegativeInteger")))
        add(dist, DCT + "license", N(LICENSE))
        if f.statements is not None:
            add(dist, VOID + "triples", num(f.statements))
        checksum = ox.BlankNode()
        add(dist, SPDX + "checksum", checksum)
        add(checksum, RDF + "type", N(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", L(f.sha256, datatype=N(XSD + "hexBinary")))
        if issued:
            add(dist, DCT + "issued", when(issued))
            add(dist, DCT + "modified", when(issued))
    service = N(uris.sparql())
    add(service, RDF + "type", N(SD + "Service"))
    add(service, SD + "endpoint", service)
    add(service, DCAT + "servesDataset", ds)
    add(service, DCAT + "endpointURL", service)
    # grouped by subject (the data set first) so the Turtle reads as one block per resource
    out.sort(key=lambda t: (t.subject != ds, isinstance(t.subject, ox.BlankNode), str(t.subject),
                            t.predicate.value != RDF + "type", str(t.predicate), str(t.object)))
    return out


def _format_name(media_type: str) -> str:
    return {"application/n-quads": "N-Quads", "text/turtle": "Turtle"}.get(media_type, media_type)


def void_quads(uris: Uris, stats: Stats, dumps: Iterable[DumpFile] = (), *, graph: str | None = None,
               modified: str | None = None, issued: str | None = None) -> Iterator[str]:
    """The description as N-Quads lines in the ``void`` graph, for ``gongkai build`` to bulk-load."""
    g = ox.NamedNode(graph or uris.graph("void"))
    for t in void_triples(uris, stats, dumps, modified=modified, issued=issued):
        yield f"{ox.Quad(t.subject, t.predicate, t.object, g)} .\n"


def write_void(path: Path, uris: Uris, stats: Stats, result: DumpResult | None = None, *,
               modified: str | None = None) -> list[ox.Triple]:
    """``void.ttl`` (Turtle with prefixes), written atomically; returns its triples."""
    from .dumps import prefixes

    issued = result.issued if result else datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    triples = void_triples(uris, stats, result.files if result else (), modified=modified, issued=issued)
    part = path.with_name(path.name + ".part")
    ox.serialize(triples, str(part), ox.RdfFormat.TURTLE, prefixes=prefixes(uris) | {"spdx": SPDX, "sd": SD})
    part.replace(path)
    return triples
