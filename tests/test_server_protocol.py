"""The W3C SPARQL 1.1 Protocol tests (query and bad-request tests) and the service-description
tests, run over real HTTP against ``gongkai serve``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx
import pyoxigraph as ox
import pytest

from .server_fixtures import PROTOCOL, Running, http, server  # noqa: F401

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SD = "http://www.w3.org/ns/sparql-service-description#"
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
             "application/n-quads", "application/trig"}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    statuses: set[int] = field(default_factory=set)  # accepted status classes (2, 3, 4)
    fmt: str | None = None
    boolean: bool | None = None


def _list(g: ox.Dataset | list, head: object, quads: list[ox.Quad]) -> list[object]:
    out = []
    while head != ox.NamedNode(RDF + "nil"):
        out.append(_one(quads, head, RDF + "first"))
        head = _one(quads, head, RDF + "rest")
    return out


def _one(quads: list[ox.Quad], s: object, p: str) -> object | None:
    for q in quads:
        if q.subject == s and q.predicate.value == p:
            return q.object
    return None


def _all(quads: list[ox.Quad], s: object, p: str) -> list[object]:
    return [q.object for q in quads if q.subject == s and q.predicate.value == p]


def load_manifest() -> dict[str, list[Step]]:
    path = PROTOCOL / "manifest.ttl"
    if not path.exists():
        return {}
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri="http://example/protocol/"))
    tests: dict[str, list[Step]] = {}
    manifest = next(q.subject for q in quads if q.predicate.value == MF + "entries")
    for entry in _list(None, _one(quads, manifest, MF + "entries"), quads):
        name = entry.value.rsplit("#", 1)[-1]
        action = _one(quads, entry, MF + "action")
        steps = []
        for req in _list(None, _one(quads, action, HT + "requests"), quads):
            step = Step(_one(quads, req, HT + "methodName").value, _one(quads, req, HT + "absolutePath").value)
            headers = _one(quads, req, HT + "headers")
            if headers is not None:
                for h in _list(None, headers, quads):
                    step.headers[_one(quads, h, HT + "fieldName").value] = _one(quads, h, HT + "fieldValue").value
            body = _one(quads, req, HT + "body")
            if body is not None:
                enc = _one(quads, body, CNT + "characterEncoding")
                step.body = _one(quads, body, CNT + "chars").value.encode(enc.value if enc else "utf-8")
            resp = _one(quads, req, HT + "resp")
            step.statuses = {int(s.value.rsplit("StatusCode", 1)[-1][0]) for s in _all(quads, resp, MF + "expectedStatus")}
            fmt = _one(quads, resp, MF + "expectedFormat")
            step.fmt = fmt.value if fmt else None
            b = _one(quads, resp, MF + "expectedBoolean")
            step.boolean = None if b is None else b.value == "true"
            steps.append(step)
        tests[name] = steps
    return tests


MANIFEST = load_manifest()
#: update tests do not apply to a read-only endpoint (bad-update tests do: they must give 4xx)
APPLICABLE = sorted(n for n in MANIFEST if not n.startswith("update_"))


def parse_boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return response.json()["boolean"]
    assert media == "application/sparql-results+xml", media
    return "<boolean>true</boolean>" in response.text


@pytest.mark.skipif(not MANIFEST, reason=f"W3C protocol manifest not found under {PROTOCOL}")
@pytest.mark.parametrize("name", APPLICABLE)
def test_protocol(name: str, http: httpx.Client) -> None:  # noqa: F811
    for step in MANIFEST[name]:
        path = step.path.replace("/sparql/", "/sparql/", 1)
        response = http.request(step.method, path, headers=step.headers, content=step.body)
        assert response.status_code // 100 in step.statuses, (name, response.status_code, response.text[:500])
        if response.status_code >= 400:
            assert response.text.strip(), "an error must say why"
        media = response.headers.get("content-type", "").split(";")[0]
        if step.fmt == "boolean":
            assert media in BOOLEAN, media
        elif step.fmt == "tabular":
            assert media in TABULAR, media
        elif step.fmt == "RDF":
            assert media in RDF_TYPES, media
            ox.parse(response.content, format=ox.RdfFormat.from_media_type(media))
        if step.boolean is not None:
            assert parse_boolean(response) is step.boolean, (name, response.text)


def test_update_tests_are_refused(http: httpx.Client) -> None:  # noqa: F811
    """The manifest's update requests: a read-only endpoint refuses them with 403 and a reason."""
    for name in (n for n in MANIFEST if n.startswith("update_")):
        step = MANIFEST[name][0]
        r = http.request(step.method, step.path, headers=step.headers, content=step.body)
        assert r.status_code == 403, (name, r.status_code)
        assert "read-only" in r.text


# ---- service description (W3C SD tests: returns RDF, has a matching sd:endpoint, conforms to the schema)

def _sd(http: httpx.Client, accept: str | None) -> tuple[httpx.Response, list[ox.Triple]]:  # noqa: F811
    headers = {"Accept": accept} if accept else {}
    r = http.get("/sparql", headers=headers)
    assert r.status_code == 200, r.text
    media = r.headers["content-type"].split(";")[0]
    return r, list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(media), base_iri=str(r.url)))


@pytest.mark.parametrize("accept", [None, "text/turtle", "application/rdf+xml", "application/ld+json",
                                    "application/n-triples"])
def test_sd_returns_rdf(http: httpx.Client, accept: str | None) -> None:  # noqa: F811
    r, triples = _sd(http, accept)
    assert triples
    assert r.headers["content-type"].split(";")[0] in RDF_TYPES


def test_sd_has_endpoint_triple(http: httpx.Client, server: Running) -> None:  # noqa: F811
    _, triples = _sd(http, "text/turtle")
    endpoints = {t.object.value for t in triples if t.predicate.value == SD + "endpoint"}
    assert server.url + "/sparql" in endpoints


def test_sd_conforms_to_schema(http: httpx.Client) -> None:  # noqa: F811
    """Every sd: term used exists in the SD vocabulary, with the right kind of value."""
    _, triples = _sd(http, "text/turtle")
    props = {"endpoint", "supportedLanguage", "feature", "defaultEntailmentRegime", "resultFormat",
             "defaultDataset", "defaultGraph", "namedGraph", "name", "graph", "inputFormat", "extensionFunction",
             "languageExtension", "propertyFeature", "defaultSupportedEntailmentProfile", "supportedEntailmentProfile",
             "entailmentRegime", "availableGraphs", "extensionAggregate"}
    classes = {"Service", "Dataset", "Graph", "NamedGraph", "GraphCollection", "Language", "Feature", "Function",
               "Aggregate", "EntailmentRegime", "EntailmentProfile"}
    languages = {SD + "SPARQL10Query", SD + "SPARQL11Query", SD + "SPARQL11Update"}
    services = [t.subject for t in triples if t.predicate.value == RDF + "type" and t.object.value == SD + "Service"]
    assert len(services) == 1
    for t in triples:
        if t.predicate.value.startswith(SD):
            assert t.predicate.value[len(SD):] in props, t
        if t.predicate.value == RDF + "type" and t.object.value.startswith(SD):
            assert t.object.value[len(SD):] in classes, t
        if t.predicate.value == SD + "supportedLanguage":
            assert t.object.value in languages
        if t.predicate.value in (SD + "endpoint", SD + "resultFormat", SD + "feature", SD + "name"):
            assert isinstance(t.object, ox.NamedNode), t
    assert any(t.predicate.value == SD + "supportedLanguage" for t in triples)
    limits = {t.predicate.value.rsplit("#", 1)[-1]: t.object.value for t in triples}
    assert limits["queryTimeout"] == "1.5" and limits["maxResultRows"] == "1000"


def test_sd_browser_gets_form(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<textarea" in r.text


def test_json_results_parse(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> }"})
    assert r.status_code == 200
    data = json.loads(r.text)
    assert len(data["results"]["bindings"]) == 3  # union default graph over the three protocol graphs
