"""Content negotiation: output formats in registries and an ``Accept`` header matcher.

Every format a route can produce is one :class:`Format` row in a table; a route picks
from its table by ``Accept`` (q-values, ``type/*``, ``*/*``) or by an explicit name
(``?format=`` or a file suffix). Order within a table is the server's preference, used
for ``*/*`` and ties.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: a short name, its media types (first is canonical) and suffix."""

    name: str
    media_types: tuple[str, ...]
    suffix: str = ""
    charset: bool = True

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


JSON = Format("json", ("application/sparql-results+json", "application/json"), ".srj")
XML = Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), ".srx")
CSV = Format("csv", ("text/csv",), ".csv")
TSV = Format("tsv", ("text/tab-separated-values",), ".tsv")
HTML = Format("html", ("text/html", "application/xhtml+xml"), ".html")
TURTLE = Format("turtle", ("text/turtle", "application/x-turtle"), ".ttl")
NTRIPLES = Format("ntriples", ("application/n-triples", "text/plain"), ".nt")
JSONLD = Format("jsonld", ("application/ld+json", "application/json"), ".jsonld")
RDFXML = Format("rdfxml", ("application/rdf+xml", "application/xml", "text/xml"), ".rdf")
NQUADS = Format("nquads", ("application/n-quads",), ".nq")
TRIG = Format("trig", ("application/trig",), ".trig")

#: SELECT results
SOLUTIONS = (JSON, XML, CSV, TSV, HTML)
#: ASK results
BOOLEAN = (JSON, XML, HTML)
#: CONSTRUCT / DESCRIBE results and other RDF documents
GRAPH = (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG, HTML)
#: resource documents (/doc/, /def/): HTML first for browsers that send */*
DOCUMENT = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML, CSV)

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml",
            "rdf+xml": "rdfxml", "srj": "json", "srx": "xml", "nq": "nquads", "htm": "html"}


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """``[(type, subtype, q)]`` from an ``Accept`` header; an empty or missing header is ``*/*``."""
    if not header or not header.strip():
        return [("*", "*", 1.0)]
    out: list[tuple[str, str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        kind, _, sub = media.partition("/")
        out.append((kind, sub, q))
    return out


def _quality(ranges: list[tuple[str, str, float]], media_type: str) -> float:
    """q of ``media_type`` under the most specific matching range (0 when none matches)."""
    kind, _, sub = media_type.partition("/")
    best, best_spec = 0.0, -1
    for rk, rs, q in ranges:
        if rk == kind and rs == sub:
            spec = 2
        elif rk == kind and rs == "*":
            spec = 1
        elif rk == "*" and rs == "*":
            spec = 0
        else:
            continue
        if spec > best_spec:
            best, best_spec = q, spec
    return best


def negotiate(accept: str | None, formats: tuple[Format, ...]) -> Format | None:
    """The acceptable format with the highest q (server order breaks ties), or None (406)."""
    ranges = parse_accept(accept)
    best: Format | None = None
    best_q = 0.0
    for fmt in formats:
        q = max(_quality(ranges, m) for m in fmt.media_types)
        if q > best_q:
            best, best_q = fmt, q
    return best


def by_name(name: str, formats: tuple[Format, ...]) -> Format | None:
    """A format by short name, suffix or media type (``ttl``, ``.ttl``, ``text/turtle``)."""
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    for fmt in formats:
        if key == fmt.name or key == fmt.suffix.lstrip(".") or key in fmt.media_types:
            return fmt
    return None


def acceptable(accept: str | None, *tables: tuple[Format, ...]) -> bool:
    """Whether any format of any table is acceptable (a cheap early 406 check)."""
    return any(negotiate(accept, t) is not None for t in tables)
