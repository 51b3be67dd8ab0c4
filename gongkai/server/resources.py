"""Resource descriptions: the triples with a resource as subject (across all graphs, paged)
plus a bounded set of inverse links with counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import nt

TYPE = ox.NamedNode(nt.RDF + "type")


@dataclass(slots=True)
class Inverse:
    """Links to the resource through one predicate: a count (at least, when ``more``) and a sample."""

    predicate: str
    count: int
    more: bool
    sample: list[ox.NamedNode | ox.BlankNode] = field(default_factory=list)


@dataclass(slots=True)
class Description:
    iri: str
    triples: list[ox.Triple]
    page: int
    has_more: bool
    inverse: list[Inverse]
    graphs: list[str]

    @property
    def node(self) -> ox.NamedNode:
        return ox.NamedNode(self.iri)

    def types(self) -> set[str]:
        return {t.object.value for t in self.triples if t.predicate == TYPE and isinstance(t.object, ox.NamedNode)}

    def values(self, predicate: str) -> list[object]:
        return [t.object for t in self.triples if t.predicate.value == predicate]

    def first(self, predicate: str) -> object | None:
        found = self.values(predicate)
        return found[0] if found else None

    def inverse_triples(self) -> list[ox.Triple]:
        return [ox.Triple(s, ox.NamedNode(inv.predicate), self.node) for inv in self.inverse for s in inv.sample]


def exists(store: ox.Store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return (next(store.quads_for_pattern(node, None, None, None), None) is not None
            or next(store.quads_for_pattern(None, None, node, None), None) is not None)


def describe(store: ox.Store, iri: str, page: int = 1, page_size: int = 500, inverse_scan: int = 2000,
             inverse_sample: int = 20) -> Description | None:
    """The description of ``iri`` (page ``page``), or None when nothing mentions it."""
    node = ox.NamedNode(iri)
    seen: set[ox.Triple] = set()
    triples: list[ox.Triple] = []
    graphs: dict[str, None] = {}
    skip = (page - 1) * page_size
    has_more = False
    for q in store.quads_for_pattern(node, None, None, None):
        t = q.triple
        if t in seen:
            continue
        seen.add(t)
        if isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name.value)
        if len(seen) <= skip:
            continue
        if len(triples) >= page_size:
            has_more = True
            break
        triples.append(t)
    inverse: dict[str, Inverse] = {}
    pairs: set[tuple[object, object]] = set()
    scanned = 0
    more = False
    for q in store.quads_for_pattern(None, None, node, None):
        scanned += 1
        if scanned > inverse_scan:
            more = True
            break
        key = (q.subject, q.predicate)
        if key in pairs:
            continue
        pairs.add(key)
        inv = inverse.setdefault(q.predicate.value, Inverse(q.predicate.value, 0, False))
        inv.count += 1
        if len(inv.sample) < inverse_sample:
            inv.sample.append(q.subject)  # type: ignore[arg-type]
    if more:
        for inv in inverse.values():
            inv.more = True
    if not seen and not inverse:
        return None
    return Description(iri, triples, page, has_more, sorted(inverse.values(), key=lambda i: -i.count), list(graphs))


def label(store: ox.Store, node: object, langs: tuple[str, ...] = ("zh", "en")) -> str | None:
    """The best label of ``node``: skos:prefLabel / rdfs:label / dct:title, zh before en before none."""
    if not isinstance(node, ox.NamedNode):
        return None
    best: dict[str, str] = {}
    for prop in (nt.SKOS + "prefLabel", nt.RDFS + "label", nt.DCT + "title"):
        for q in store.quads_for_pattern(node, ox.NamedNode(prop), None, None):
            if isinstance(q.object, ox.Literal):
                best.setdefault(q.object.language or "", q.object.value)
        if best:
            break
    for lang in (*langs, ""):
        if lang in best:
            return best[lang]
    return next(iter(best.values()), None)
