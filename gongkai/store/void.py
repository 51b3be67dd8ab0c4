"""A small VoID description of the whole dataset, in its own named graph.

Only numbers computed at build time go in (no timestamps), so rebuilding from the
same inputs gives the same graph.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .. import nt
from ..nt import DCT, QB, RDFS, VOID, A, iri, lit, quad
from ..uris import Uris

#: where the dump command publishes the full dataset, below the base
DUMP_PATH = "dumps/gongkai.nq.gz"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
VOCABULARIES = (QB, nt.SKOS, nt.ORG, nt.PROV, DCT, nt.SDMX_MEASURE, nt.SDMX_ATTR)


@dataclass(frozen=True, slots=True)
class Counts:
    """What the VoID description counts."""

    triples: int
    reports: int
    observations: int
    datasets: Mapping[str, int] = field(default_factory=dict)  # qb:DataSet IRI → observations


def dataset_iri(uris: Uris) -> str:
    """The IRI of the whole dataset (every report, every table, the vocabulary)."""
    return uris.base + "id/dataset/all"


def void_quads(uris: Uris, counts: Counts) -> Iterator[str]:
    """The VoID graph: endpoint, URI space, dump, counts and one subset per cube."""
    g = iri(uris.graph("void"))
    ds = iri(dataset_iri(uris))
    yield quad(ds, A, iri(VOID + "Dataset"), g)
    yield quad(ds, iri(DCT + "title"), lit("政府信息公开工作年度报告", "zh"), g)
    yield quad(ds, iri(DCT + "title"), lit("Government information disclosure annual reports", "en"), g)
    yield quad(ds, iri(RDFS + "label"), lit("政府信息公开工作年度报告", "zh"), g)
    yield quad(ds, iri(DCT + "license"), iri(LICENSE), g)
    yield quad(ds, iri(VOID + "sparqlEndpoint"), iri(uris.base + "sparql"), g)
    yield quad(ds, iri(VOID + "uriSpace"), lit(uris.base + "id/"), g)
    yield quad(ds, iri(VOID + "dataDump"), iri(uris.base + DUMP_PATH), g)
    yield quad(ds, iri(VOID + "rootResource"), iri(uris.base + "id/report/"), g)
    for vocab in VOCABULARIES:
        yield quad(ds, iri(VOID + "vocabulary"), iri(vocab), g)
    yield quad(ds, iri(VOID + "vocabulary"), iri(uris.vocab), g)
    yield quad(ds, iri(VOID + "triples"), nt.integer(counts.triples), g)
    for name, cls, n in (("report", uris.term("AnnualReport"), counts.reports),
                         ("observation", QB + "Observation", counts.observations)):
        part = iri(f"{dataset_iri(uris)}/class/{name}")
        yield quad(ds, iri(VOID + "classPartition"), part, g)
        yield quad(part, iri(VOID + "class"), iri(cls), g)
        yield quad(part, iri(VOID + "entities"), nt.integer(n), g)
    for cube, n in sorted(counts.datasets.items()):
        sub = iri(cube)
        yield quad(ds, iri(VOID + "subset"), sub, g)
        yield quad(sub, A, iri(VOID + "Dataset"), g)
        yield quad(sub, iri(VOID + "entities"), nt.integer(n), g)
        yield quad(sub, iri(VOID + "sparqlEndpoint"), iri(uris.base + "sparql"), g)
