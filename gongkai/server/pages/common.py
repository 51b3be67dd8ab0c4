"""What every page shows: label, types, triples grouped by predicate, inverse links,
downloads and pagination; plus lookup helpers the page modules share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyoxigraph as ox

from ... import nt
from ...uris import Uris
from ..resources import label

if TYPE_CHECKING:
    from ..app import Server
    from ..deref import Document
    from ..store import Build

#: label lookups per page (objects beyond this show their IRI)
MAX_LABELS = 300
#: labels remembered per build (vocabulary terms, agencies, years: the same on many pages)
LABEL_CACHE = 50_000


def local_href(iri: str, base: str) -> str:
    """The link to follow for ``iri``: /doc/ or /def/ on this server when under the base."""
    b = base
    if b and iri.startswith(b + "id/"):
        return "/doc/" + iri[len(b) + 3:]
    if b and iri.startswith(b + "def/"):
        return "/def/" + iri[len(b) + 4:]
    if b and iri.startswith(b):
        return "/" + iri[len(b):]
    return iri


@lru_cache(maxsize=8)
def _prefixes(vocab: str) -> tuple[tuple[str, str], ...]:
    """Prefix names and namespaces, longest namespace first (``gk`` is the build's vocabulary)."""
    return tuple(sorted({**nt.PREFIXES, "gk": vocab}.items(), key=lambda kv: -len(kv[1])))


@dataclass(slots=True)
class Term:
    """An RDF term ready for a template."""

    text: str
    href: str | None = None
    lang: str | None = None
    datatype: str | None = None
    iri: str | None = None


class Page:
    """Helpers bound to one build and one document."""

    def __init__(self, server: Server, build: Build, doc: Document) -> None:
        self.server = server
        self.build = build
        self.doc = doc
        self.store: ox.Store = build.store
        self.uris: Uris = build.uris
        self._labels = 0
        self._label_cache = server.pages.label_cache(build)

    def href(self, iri: str) -> str:
        return local_href(iri, self.uris.base)

    def label(self, node: object) -> str | None:
        if self._labels >= MAX_LABELS:
            return None
        self._labels += 1
        if not isinstance(node, ox.NamedNode):
            return None
        cache = self._label_cache
        key = node.value
        if key in cache:
            return cache[key]
        found = label(self.store, node)
        if len(cache) < LABEL_CACHE:
            cache[key] = found
        return found

    def term(self, node: object) -> Term:
        if isinstance(node, ox.NamedNode):
            return Term(self.label(node) or self.short(node.value), self.href(node.value), iri=node.value)
        if isinstance(node, ox.Literal):
            dt = None if node.language or node.datatype.value == nt.XSD + "string" else self.short(node.datatype.value)
            return Term(node.value, lang=node.language or None, datatype=dt)
        return Term(str(node))

    def short(self, iri: str) -> str:
        for name, ns in _prefixes(self.uris.vocab):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{name}:{iri[len(ns):]}"
        return iri

    def objects(self, subject: str, predicate: str) -> list[object]:
        seen: dict[object, None] = {}
        for q in self.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, None):
            seen.setdefault(q.object)
        return list(seen)

    def one(self, subject: str, predicate: str) -> object | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def subjects(self, predicate: str, obj: str, limit: int = 1000) -> list[ox.NamedNode]:
        seen: dict[ox.NamedNode, None] = {}
        for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), ox.NamedNode(obj), None):
            if isinstance(q.subject, ox.NamedNode):
                seen.setdefault(q.subject)
            if len(seen) >= limit:
                break
        return list(seen)

    def exists(self, iri: str) -> bool:
        return next(self.store.quads_for_pattern(ox.NamedNode(iri), None, None, None), None) is not None

    def common(self) -> dict[str, Any]:
        desc = self.doc.desc
        groups: dict[str, list[Term]] = {}
        for t in desc.triples:
            groups.setdefault(t.predicate.value, []).append(self.term(t.object))
        properties = [(self.term(ox.NamedNode(p)), terms) for p, terms in groups.items()]
        inverse = [(self.term(ox.NamedNode(inv.predicate)), f"{inv.count}+" if inv.more else str(inv.count),
                    [self.term(s) for s in inv.sample]) for inv in desc.inverse]
        path = quote(self.doc.doc_path, safe="/%-._~!$&'()*+,;=:@")
        title = label(self.store, desc.node) or self.short(desc.iri)
        return {
            "title": title, "iri": desc.iri, "base": self.uris.base, "properties": properties, "inverse": inverse,
            "types": [self.term(ox.NamedNode(t)) for t in sorted(desc.types())],
            "downloads": [("Turtle", path + ".ttl"), ("JSON-LD", path + ".jsonld"), ("N-Triples", path + ".nt"),
                          ("RDF/XML", path + ".rdf"), ("CSV", path + ".csv")],
            "page": desc.page, "has_more": desc.has_more, "self_path": path,
            "graphs": [self.term(ox.NamedNode(g)) for g in desc.graphs[:20]],
        }
