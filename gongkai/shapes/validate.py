"""Validate one report's N-Quads against the generated shapes (pyshacl on Oxigraph).

The validation report goes into the report's own named graph with deterministic IRIs:
``{report}/validation`` for the ``sh:ValidationReport``, ``{report}/validation/result/{n}``
for its results (``n`` from a stable sort of the results' content), and
``{report} gk:validationReport {report}/validation``. Same input, same bytes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
import pyshacl
import rdflib
from oxrdflib import OxigraphStore
from rdflib.term import BNode, Literal, Node, URIRef

from ..forms import EDITIONS
from ..nt import RDF, SH
from ..uris import Uris
from .generate import shape_iri, shapes

_RESULT = URIRef(SH + "ValidationResult")
_REPORT = URIRef(SH + "ValidationReport")
_TYPE = URIRef(RDF + "type")


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result, read back from the report.

    ``shape`` is the source shape's path below ``def/shape/`` (``E3/H1``,
    ``AnnualReport/publisher``, ``AnnualReport/observations``); ``identity`` is the
    form identity id for identity shapes, else ``None``.
    """

    iri: str
    shape: str
    identity: str | None
    severity: str
    focus: str
    value: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Validation:
    """Outcome of validating one report."""

    conforms: bool
    nquads: str
    results: tuple[Result, ...]

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")


class _SizedStore(OxigraphStore):
    """An Oxigraph-backed rdflib store whose size is counted once.

    pyshacl asks ``len()`` of the data graph several times per run and oxrdflib answers
    each with a ``COUNT(DISTINCT …)`` query (~3 ms on a report); the data does not
    change while it is validated, so the first count is kept.
    """

    def __init__(self, store: ox.Store, size: int) -> None:
        super().__init__(store=store)
        self._size = size

    def __len__(self, context: object = None) -> int:  # type: ignore[override]
        return self._size


@lru_cache(maxsize=8)
def _shapes_graph(uris: Uris) -> rdflib.Graph:
    return rdflib.Graph().parse(data=shapes(uris).turtle, format="turtle")


def data_graph(report_quads: str, report_iri: str) -> rdflib.Graph:
    """The report's graph in an in-memory Oxigraph store, seen through rdflib.

    Reads the named graph ``report_iri``; N-Triples (default graph only) work too.
    """
    store = ox.Store()
    store.load(report_quads, format=ox.RdfFormat.N_QUADS)
    name = ox.NamedNode(report_iri)
    size = sum(1 for _ in store.quads_for_pattern(None, None, None, name))
    if size:
        return rdflib.Graph(store=_SizedStore(store, size), identifier=URIRef(report_iri))
    size = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return rdflib.Graph(store=_SizedStore(store, size), identifier=rdflib.graph.DATASET_DEFAULT_GRAPH_ID)


def validate(report_quads: str, report_iri: str, uris: Uris) -> Validation:
    """Validate one report (its N-Quads) against every shape; results as N-Quads in its graph."""
    graph = data_graph(report_quads, report_iri)
    conforms, results_graph, text = pyshacl.validate(graph, shacl_graph=_shapes_graph(uris))
    if not isinstance(results_graph, rdflib.Graph):  # pyshacl hands back a ValidationFailure
        raise RuntimeError(f"SHACL validation failed to run: {text}")
    return skolemize(results_graph, bool(conforms), report_iri, uris)


def _ox(term: Node, names: dict[BNode, str]) -> ox.NamedNode | ox.Literal:
    if isinstance(term, BNode):
        return ox.NamedNode(names[term])
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")


def _key(graph: rdflib.Graph, node: Node) -> tuple[tuple[str, str], ...]:
    """Content of a result, blank nodes left out: the sort key that numbers results."""
    return tuple(sorted((str(p), "" if isinstance(o, BNode) else o.n3()) for p, o in graph.predicate_objects(node)))


def skolemize(graph: rdflib.Graph, conforms: bool, report_iri: str, uris: Uris) -> Validation:
    """pyshacl's results graph → deterministic N-Quads in the report's graph, plus a summary."""
    base = uris.validation(report_iri)
    names: dict[BNode, str] = {}
    for node in graph.subjects(_TYPE, _REPORT):
        names[node] = base  # type: ignore[index]
    ordered = sorted(graph.subjects(_TYPE, _RESULT), key=lambda n: _key(graph, n))
    for n, node in enumerate(ordered, start=1):
        names[node] = f"{base}/result/{n}"  # type: ignore[index]
    # any other blank node (complex result paths, sh:detail): below its first named subject
    for subject in list(names):
        _name_below(graph, subject, names)
    g = ox.NamedNode(report_iri)
    lines = [str(ox.Quad(ox.NamedNode(report_iri), ox.NamedNode(uris.term("validationReport")),
                         ox.NamedNode(base), g)) + " .\n"]
    blocks: list[list[str]] = []
    for subject in [*(s for s in names if names[s] == base), *ordered, *_others(names, base, ordered)]:
        s = ox.NamedNode(names[subject])
        blocks.append(sorted(str(ox.Quad(s, _ox(p, names), _ox(o, names), g)) + " .\n"  # type: ignore[arg-type]
                             for p, o in graph.predicate_objects(subject)))
    lines.extend(line for block in blocks for line in block)
    results = tuple(_result(graph, node, names[node], uris) for node in ordered)  # type: ignore[index]
    return Validation(conforms, "".join(lines), results)


def _name_below(graph: rdflib.Graph, subject: Node, names: dict[BNode, str]) -> None:
    k = 0
    for _, o in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), po[1].n3())):
        if isinstance(o, BNode) and o not in names:
            k += 1
            names[o] = f"{names[subject]}/b{k}"  # type: ignore[index]
            _name_below(graph, o, names)


def _others(names: dict[BNode, str], base: str, ordered: Iterable[Node]) -> list[BNode]:
    skip = set(ordered)
    return sorted((b for b, n in names.items() if n != base and b not in skip), key=lambda b: names[b])


def _result(graph: rdflib.Graph, node: Node, iri_text: str, uris: Uris) -> Result:
    def one(prop: str) -> str | None:
        value = graph.value(node, URIRef(SH + prop))  # type: ignore[arg-type]
        return None if value is None else str(value)

    shape = one("sourceShape") or ""
    prefix = shape_iri(uris, "")
    local = shape[len(prefix):] if shape.startswith(prefix) else shape
    head, _, tail = local.partition("/")
    severity = (one("resultSeverity") or "").rsplit("#", 1)[-1]
    return Result(iri_text, local, tail if head in EDITIONS and tail else None, severity,
                  one("focusNode") or "", one("value"), one("resultMessage") or "")
