"""SPARQL 1.1 Service Description (bare GET on /sparql) and VoID (/.well-known/void).

The service description advertises the result formats, the union default graph and the
limits (time per query, rows per response) as ``gks:`` properties defined in the
description itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from .. import nt
from . import conneg, results
from .http import error, not_modified, not_modified_response, validators

if TYPE_CHECKING:
    from .app import Server

SD = nt.SD
FORMATS_NS = "http://www.w3.org/ns/formats/"
ENT = "http://www.w3.org/ns/entailment/"
#: RDF first, so that a client without Accept gets RDF; browsers get the query form
SD_FORMATS = (conneg.TURTLE, conneg.RDFXML, conneg.JSONLD, conneg.NTRIPLES, conneg.NQUADS, conneg.TRIG,
              conneg.HTML)
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG")

N = ox.NamedNode
T = ox.Triple
TYPE = N(nt.RDF + "type")


def _lit(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=N(nt.XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(nt.XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=N(nt.XSD + "decimal"))
    return ox.Literal(str(value))


class Service:
    """Builds the service description and the VoID description for one server."""

    def __init__(self, server: Server) -> None:
        self.server = server

    def limits_ns(self) -> str:
        return self.server.view.build.uris.base + "sparql#"

    def sd_triples(self, endpoint: str) -> list[ox.Triple]:
        """The service description of the endpoint at ``endpoint``."""
        s = self.server.settings
        build = self.server.view.build
        svc = N(endpoint)
        gks = self.limits_ns()
        out = [
            T(svc, TYPE, N(SD + "Service")),
            T(svc, N(SD + "endpoint"), svc),
            T(svc, N(SD + "supportedLanguage"), N(SD + "SPARQL11Query")),
            T(svc, N(SD + "feature"), N(SD + "UnionDefaultGraph")),
            T(svc, N(SD + "defaultEntailmentRegime"), N(ENT + "Simple")),
            T(svc, N(nt.RDFS + "label"), ox.Literal("gongkai SPARQL endpoint (read-only)", language="en")),
            T(svc, N(nt.RDFS + "comment"), ox.Literal(
                "Query only (SPARQL Update is refused). The default graph is the union of all named graphs "
                "unless the request or the query names a dataset. Each query may run for at most "
                f"{s.timeout:g} s (then it is stopped: 503, X-SPARQL-Limit-Exceeded: time); a response carries at "
                f"most {s.max_rows} rows or triples (more: 422, X-SPARQL-Limit-Exceeded: rows).", language="en")),
            T(svc, N(gks + "queryTimeout"), _lit(float(s.timeout))),
            T(svc, N(gks + "maxResultRows"), _lit(s.max_rows)),
        ]
        for name in _RESULT_FORMATS:
            out.append(T(svc, N(SD + "resultFormat"), N(FORMATS_NS + name)))
        for prop, label, comment in (
            ("queryTimeout", "query time limit", "Seconds a query may run before it is stopped (HTTP 503)."),
            ("maxResultRows", "result row limit", "Most rows or triples in one response (larger: HTTP 422)."),
        ):
            p = N(gks + prop)
            out += [T(p, TYPE, N(nt.RDF + "Property")), T(p, N(nt.RDFS + "label"), ox.Literal(label, language="en")),
                    T(p, N(nt.RDFS + "comment"), ox.Literal(comment, language="en")),
                    T(p, N(nt.RDFS + "domain"), N(SD + "Service"))]
        ds = ox.BlankNode()
        dg = ox.BlankNode()
        out += [T(svc, N(SD + "defaultDataset"), ds), T(ds, TYPE, N(SD + "Dataset")),
                T(ds, N(SD + "defaultGraph"), dg), T(dg, TYPE, N(SD + "Graph"))]
        if "triples" in build.stats:
            out.append(T(dg, N(nt.VOID + "triples"), _lit(build.stats["triples"])))
        for g in build.stats.get("vocabulary_graphs", ()):
            ng, gr = ox.BlankNode(), ox.BlankNode()
            out += [T(ds, N(SD + "namedGraph"), ng), T(ng, TYPE, N(SD + "NamedGraph")), T(ng, N(SD + "name"), N(g)),
                    T(ng, N(SD + "graph"), gr), T(gr, TYPE, N(SD + "Graph"))]
        return out

    async def describe(self, request: Request) -> Response:
        """A bare GET on /sparql: the service description, or the query form for browsers."""
        fmt = conneg.by_name(request.query_params["format"], SD_FORMATS) if "format" in request.query_params else \
            conneg.negotiate(request.headers.get("accept"), SD_FORMATS)
        if fmt is None:
            return error(406, "the service description is available as " +
                         ", ".join(f.media_type for f in SD_FORMATS))
        if fmt.name == "html":
            return await self.server.pages.sparql_form(request)
        endpoint = str(request.url.replace(query="", fragment=""))
        body = results.write_graph(self.sd_triples(endpoint), fmt,
                                   {"sd": SD, "rdfs": nt.RDFS, "void": nt.VOID, "gks": self.limits_ns()})
        return Response(body, media_type=fmt.content_type,
                        headers={"Vary": "Accept", **self.server.limit_headers()})

    def void_triples(self, request: Request) -> list[ox.Triple]:
        """The store's ``graph/void`` graph, or a minimal VoID description."""
        build = self.server.view.build
        graph = N(build.uris.graph("void"))
        found = [q.triple for q in build.store.quads_for_pattern(None, None, None, graph)]
        if found:
            return found
        root = str(request.base_url)
        d = N(build.uris.base + "dataset")
        out = [
            T(d, TYPE, N(nt.VOID + "Dataset")),
            T(d, N(nt.DCT + "title"), ox.Literal("政府信息公开工作年度报告", language="zh")),
            T(d, N(nt.DCT + "title"), ox.Literal("Government information-disclosure annual reports", language="en")),
            T(d, N(nt.VOID + "sparqlEndpoint"), N(root + "sparql")),
            T(d, N(nt.VOID + "uriSpace"), ox.Literal(build.uris.base + "id/")),
            T(d, N(nt.VOID + "vocabulary"), N(build.uris.vocab)),
            T(d, N(nt.VOID + "vocabulary"), N(nt.QB)),
            T(d, N(nt.VOID + "vocabulary"), N(nt.SKOS)),
            T(d, N(nt.VOID + "rootResource"), N(build.uris.base + "id/")),
        ]
        for key in ("triples", "entities"):
            if key in build.stats:
                out.append(T(d, N(nt.VOID + key), _lit(build.stats[key])))
        for name in self.server.dumps.names():
            out.append(T(d, N(nt.VOID + "dataDump"), N(root + "dumps/" + name)))
        return out

    async def void(self, request: Request) -> Response:
        """``/.well-known/void``."""
        table = (conneg.TURTLE, conneg.JSONLD, conneg.NTRIPLES, conneg.RDFXML, conneg.NQUADS, conneg.TRIG)
        fmt = conneg.by_name(request.query_params["format"], table) if "format" in request.query_params else \
            conneg.negotiate(request.headers.get("accept"), table)
        if fmt is None:
            return error(406, "VoID is available as " + ", ".join(f.media_type for f in table))
        build = self.server.view.build
        headers = {"Vary": "Accept", **validators(build.etag + fmt.name, build.last_modified)}
        if not_modified(request, build.etag + fmt.name, build.modified):
            return not_modified_response(headers)
        body = results.write_graph(self.void_triples(request), fmt, {"void": nt.VOID, "dcterms": nt.DCT})
        return Response(body, media_type=fmt.content_type, headers=headers)
