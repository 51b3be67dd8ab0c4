"""The home page: agency search, counts (computed once per build), example queries, links."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request

if TYPE_CHECKING:
    from ..app import Server
    from ..store import Build


def examples(build: Build) -> list[dict[str, str]]:
    """Example queries; each runs with one click (a GET link to /sparql)."""
    gk = build.uris.vocab
    items = [
        ("各年度报告数 · reports per year",
         f"PREFIX gk: <{gk}>\nSELECT ?year (COUNT(?report) AS ?reports)\nWHERE {{ ?report a gk:AnnualReport ; "
         "gk:reportingYear ?year }\nGROUP BY ?year ORDER BY ?year"),
        ("机构列表 · agencies",
         "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
         "SELECT ?agency ?name WHERE { ?agency a org:Organization ; skos:prefLabel ?name }\nORDER BY ?name LIMIT 100"),
        ("收到申请数 · applications received (2019 onward)",
         f"PREFIX gk: <{gk}>\nPREFIX qb: <http://purl.org/linked-data/cube#>\n"
         "PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>\n"
         f"SELECT ?agency ?year ?received WHERE {{\n  ?obs gk:applicationItem <{gk}application-item/F1> ;\n"
         f"       gk:applicantType <{gk}applicant-type/TOTAL> ;\n"
         "       gk:agency ?agency ; gk:refYear ?year ; sdmx-measure:obsValue ?received .\n} ORDER BY DESC(?received) LIMIT 50"),
        ("代码表 · code lists",
         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT ?scheme ?label WHERE { ?scheme a "
         "skos:ConceptScheme ; skos:prefLabel ?label FILTER(lang(?label) = \"zh\") }"),
    ]
    return [{"title": t, "query": q, "href": "/sparql?" + urlencode({"query": q})} for t, q in items]


def search(server: Server, q: str, limit: int = 100) -> list[tuple[str, str]]:
    """Agencies whose name contains ``q`` (from the index built once per build)."""
    if not q:
        return []
    index = server.view.build.stats.get("agencies", [])
    return [(label, iri) for label, iri in index if q in label][:limit]


def context(server: Server, request: Request) -> dict[str, Any]:
    build = server.view.build
    return {"title": "政府信息公开工作年度报告 · gongkai", "counts": build.stats.get("counts", {}),
            "ready": bool(build.stats.get("ready")), "examples": examples(build), "dumps": server.dumps.names(),
            "build": build.path.name, "schemes_href": "/def/scheme/"}
