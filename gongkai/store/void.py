"""A small VoID description of the whole dataset, in its own named graph.

Only numbers computed at build time go in (no timestamps), so rebuilding from the
same inputs gives the same graph.

What ``void:triples`` counts, here and in ``gongkai dump``'s ``void.ttl``
(:mod:`gongkai.store.describe`): the *distinct* triples of the whole dataset, i.e. of
the union of every graph except the ``void`` graph itself. A triple several report
graphs share (an agency's label, a division, a year) counts once, as in the Turtle
merge ``gongkai.ttl.gz``; the quads in the store (``meta.json`` ``counts.triples``)
are more. The build counts them while the graphs stream by (:class:`DistinctTriples`);
``--update`` asks the store (:func:`distinct_triples`, one scan).

The IRIs of the dataset, its partitions and distributions come from :class:`~gongkai.uris.Uris`
(``dataset_all``, ``partition``, ``distribution``, ``dump``), so both descriptions name
the same resources.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import nt
from ..nt import DCT, PREFIXES, QB, RDFS, VOID, A, iri, lit, quad
from ..uris import Uris

#: the N-Quads dump, below ``{base}dumps/``
NQ_FILE = "gongkai.nq.gz"
#: where the dump command publishes the full dataset, below the base
DUMP_PATH = "dumps/" + NQ_FILE
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
VOCABULARIES = (QB, nt.SKOS, nt.ORG, nt.PROV, DCT, nt.SDMX_MEASURE, nt.SDMX_ATTR)


@dataclass(frozen=True, slots=True)
class Counts:
    """What the VoID description counts (``triples``: distinct triples, see the module doc)."""

    triples: int
    reports: int
    observations: int
    datasets: Mapping[str, int] = field(default_factory=dict)  # qb:DataSet IRI → observations


def dataset_iri(uris: Uris) -> str:
    """The IRI of the whole dataset (:meth:`Uris.dataset_all`)."""
    return uris.dataset_all()


def local_name(term: str, n: int, vocab: str) -> str:
    """A readable, stable tail for a partition IRI (``qb-Observation``, ``gk-agency``); ``n`` if none."""
    for prefix, ns in (*PREFIXES.items(), ("gk", vocab)):
        if term.startswith(ns) and term[len(ns):].replace("-", "").replace("_", "").isalnum():
            return f"{prefix}-{term[len(ns):]}"
    tail = term.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return f"{n}-{tail}" if tail.replace("-", "").isalnum() and tail.isascii() else str(n)


def void_quads(uris: Uris, counts: Counts) -> Iterator[str]:
    """The VoID graph: endpoint, URI space, dump, counts and one subset per cube."""
    g = iri(uris.graph("void"))
    ds = iri(uris.dataset_all())
    yield quad(ds, A, iri(VOID + "Dataset"), g)
    yield quad(ds, iri(DCT + "title"), lit("政府信息公开工作年度报告", "zh"), g)
    yield quad(ds, iri(DCT + "title"), lit("Government information disclosure annual reports", "en"), g)
    yield quad(ds, iri(RDFS + "label"), lit("政府信息公开工作年度报告", "zh"), g)
    yield quad(ds, iri(DCT + "license"), iri(LICENSE), g)
    yield quad(ds, iri(VOID + "sparqlEndpoint"), iri(uris.sparql()), g)
    yield quad(ds, iri(VOID + "uriSpace"), lit(uris.base + "id/"), g)
    yield quad(ds, iri(VOID + "dataDump"), iri(uris.dump(NQ_FILE)), g)
    yield quad(ds, iri(VOID + "rootResource"), iri(uris.base + "id/report/"), g)
    for vocab in VOCABULARIES:
        yield quad(ds, iri(VOID + "vocabulary"), iri(vocab), g)
    yield quad(ds, iri(VOID + "vocabulary"), iri(uris.vocab), g)
    yield quad(ds, iri(VOID + "triples"), nt.integer(counts.triples), g)
    for n, (cls, count) in enumerate(sorted(((uris.term("AnnualReport"), counts.reports),
                                             (QB + "Observation", counts.observations)))):
        part = iri(uris.partition("class", local_name(cls, n, uris.vocab)))
        yield quad(ds, iri(VOID + "classPartition"), part, g)
        yield quad(part, iri(VOID + "class"), iri(cls), g)
        yield quad(part, iri(VOID + "entities"), nt.integer(count), g)
    for cube, count in sorted(counts.datasets.items()):
        sub = iri(cube)
        yield quad(ds, iri(VOID + "subset"), sub, g)
        yield quad(sub, A, iri(VOID + "Dataset"), g)
        yield quad(sub, iri(VOID + "entities"), nt.integer(count), g)
        yield quad(sub, iri(VOID + "sparqlEndpoint"), iri(uris.sparql()), g)


# ---------------------------------------------------------------- distinct triples


def split_graph(text: str, graph: str | None = None) -> tuple[int, list[str]]:
    """N-Quads of one graph → (triples only it can hold, the others as canonical N-Triples).

    With ``graph`` (a report graph's IRI), a triple whose subject is ``graph`` or below it
    (``{graph}/…``: the report, its slices, observations, validation) is that graph's alone:
    report IRIs are minted once, and no other graph describes them. Every other triple
    (agency, division, year, source; all of them without ``graph``) may recur elsewhere.
    """
    own = (f"<{graph}> ", f"<{graph}/") if graph else None
    owned, rest = 0, []
    for line in text.splitlines(keepends=True):
        if own is not None and line.startswith(own):
            owned += 1
        elif line.strip():
            rest.append(line)
    shared = [str(q.triple) for q in ox.parse("".join(rest).encode(), ox.RdfFormat.N_QUADS)] if rest else []
    return owned, shared


class DistinctTriples:
    """Distinct triples over named graphs streamed one by one (see :func:`split_graph`).

    Keeps a count of the graph-owned triples and a set of the possibly shared ones
    (tens per report), so the total is exact without holding the dataset in memory.
    """

    def __init__(self) -> None:
        self.owned = 0
        self.shared: set[str] = set()

    def add(self, owned: int, shared: Iterable[str]) -> None:
        self.owned += owned
        self.shared.update(shared)

    @property
    def total(self) -> int:
        return self.owned + len(self.shared)


def distinct_triples(store: ox.Store, uris: Uris) -> int:
    """Distinct triples of every graph but ``void``, asked of the store (one scan of every quad)."""
    (row,) = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?g != <{uris.graph('void')}>) }} }}")
    return int(row["n"].value)
