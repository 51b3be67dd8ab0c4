"""Dereferencing (303 chains, formats, Chinese IRIs, 404), HTML pages, VoID, dumps, HTTP hygiene."""

from __future__ import annotations

import hashlib
import json
import re
import socket
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest

from .server_fixtures import BASE, Running, http, server  # noqa: F401

DOC_TYPES = {"text/turtle": ".ttl", "application/ld+json": ".jsonld", "application/n-triples": ".nt",
             "application/rdf+xml": ".rdf"}


def _sparql_one(http: httpx.Client, query: str) -> str:  # noqa: F811
    r = http.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"][0]["x"]["value"]


@pytest.fixture()
def report_iri(http: httpx.Client) -> str:  # noqa: F811
    return _sparql_one(http, f"SELECT ?x {{ ?x a <{BASE}def/AnnualReport> ; <{BASE}def/edition> "
                             f"<{BASE}def/edition/E3> }} ORDER BY ?x LIMIT 1")


def _path(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE):]


def test_id_303_to_doc(http: httpx.Client, report_iri: str) -> None:  # noqa: F811
    path = _path(report_iri)
    r = http.get(quote(path), headers={"Accept": "text/turtle"})
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.isascii() and location.startswith("/doc/")
    r2 = http.get(location, headers={"Accept": "text/turtle"})
    assert r2.status_code == 200 and r2.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r2.headers["vary"] and r2.headers["content-location"].endswith(".ttl")
    triples = list(ox.parse(r2.content, format=ox.RdfFormat.TURTLE))
    assert any(t.subject.value == report_iri for t in triples)


@pytest.mark.parametrize("media", sorted(DOC_TYPES))
def test_doc_formats_by_accept_suffix_and_parameter(http: httpx.Client, report_iri: str, media: str) -> None:  # noqa: F811
    doc = "/doc/" + report_iri[len(BASE) + 3:]
    fmt = ox.RdfFormat.from_media_type(media)
    for url, headers in ((quote(doc), {"Accept": media}), (quote(doc + DOC_TYPES[media]), {}),
                         (quote(doc) + "?format=" + DOC_TYPES[media][1:], {"Accept": "text/html"})):
        r = http.get(url, headers=headers)
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), (url, r.status_code)
        triples = list(ox.parse(r.content, format=fmt, base_iri=BASE))
        assert any(t.subject.value == report_iri for t in triples)


def test_chinese_iri_raw_and_percent_encoded(server: Running, report_iri: str) -> None:  # noqa: F811
    assert any(ord(c) > 127 for c in report_iri)
    doc = "/doc/" + report_iri[len(BASE) + 3:]
    encoded = httpx.get(server.url + quote(doc), headers={"Accept": "application/n-triples"})
    # raw UTF-8 bytes on the wire (httpx would percent-encode a str URL)
    lower = httpx.get(server.url + quote(doc).lower(), headers={"Accept": "application/n-triples"})
    assert encoded.status_code == lower.status_code == 200  # %XX and %xx alike
    assert encoded.content == lower.content
    assert f"<{report_iri}>".encode() in encoded.content  # the data keeps the IRI raw
    assert encoded.headers["content-location"].isascii()
    # raw UTF-8 bytes in the request line are not HTTP (RFC 9112); uvicorn refuses them before the app
    status, _ = _raw_get(server.url, doc.encode("utf-8"), "application/n-triples")
    assert status in (200, 400)


def _raw_get(url: str, path: bytes, accept: str) -> tuple[int, bytes]:
    """GET with raw (un-percent-encoded) UTF-8 bytes in the request line, as some clients send."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nAccept: " + accept.encode()
                     + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if b"transfer-encoding: chunked" in head.lower():
        out, rest = b"", body
        while rest:
            size, _, rest = rest.partition(b"\r\n")
            n = int(size, 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        body = out
    return int(head.split()[1]), body


def test_observation_with_dots_and_chinese(http: httpx.Client, report_iri: str) -> None:  # noqa: F811
    obs = _sparql_one(http, f"SELECT ?x {{ ?x <http://www.w3.org/ns/prov#wasDerivedFrom> <{report_iri}> ; "
                            "a <http://purl.org/linked-data/cube#Observation> } ORDER BY ?x LIMIT 1")
    r = http.get(quote(_path(obs)))
    assert r.status_code == 303
    r = http.get(r.headers["location"], headers={"Accept": "text/html"})
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    title = re.search(r"<h1>(.*?)</h1>", r.text)  # agency year · row / column, not the IRI
    assert title and " · " in title.group(1) and "obs/" not in title.group(1), r.text[:2000]


def test_unknown_is_404(http: httpx.Client) -> None:  # noqa: F811
    for path in ("/id/report/_/不存在的机构/2020", "/doc/agency/_/nobody", "/def/NoSuchTerm", "/doc/agency/x.ttl"):
        r = http.get(quote(path), headers={"Accept": "text/turtle"})
        assert r.status_code == 404, path
        assert "nothing is known" in r.text


def test_def_terms_served_directly(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/def/AnnualReport", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert any(t.subject.value == BASE + "def/AnnualReport" for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    assert http.get("/def/scheme/application-item.jsonld").status_code == 200
    r = http.get(quote("/def/unit/件"), headers={"Accept": "text/html"})
    assert r.status_code == 200 and "件" in r.text


def test_406_for_documents(http: httpx.Client, report_iri: str) -> None:  # noqa: F811
    r = http.get(quote("/doc/" + report_iri[len(BASE) + 3:]), headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_inverse_links_with_counts(http: httpx.Client) -> None:  # noqa: F811
    r = http.get(quote("/def/application-item/F1"), headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "Inverse links" in r.text and "/obs/" in r.text
    assert "政府信息公开申请办理情况</a> (" in r.text  # the dimension, by its label, with a count


def test_report_page_renders_form_tables(http: httpx.Client, report_iri: str) -> None:  # noqa: F811
    r = http.get(quote("/doc/" + report_iri[len(BASE) + 3:]), headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert "收到和处理政府信息公开申请情况" in html and 'class="form-table"' in html
    assert html.index("本年新收政府信息公开") < html.index("本年度办理结果")  # form order
    assert "/obs/E3-requests/F1/NP" in html  # each cell links to its observation
    assert "validation" in html.lower() or "校验" in html


def test_agency_page_has_chart(http: httpx.Client, report_iri: str) -> None:  # noqa: F811
    agency = _sparql_one(http, f"SELECT ?x {{ <{report_iri}> <http://purl.org/dc/terms/publisher> ?x }}")
    r = http.get(quote("/doc/" + agency[len(BASE) + 3:]), headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<svg" in r.text and "年度报告" in r.text


@pytest.mark.parametrize("path", ["/def/scheme/application-item", "/doc/year/2020", "/def/ontology", "/"])
def test_pages_render(http: httpx.Client, path: str) -> None:  # noqa: F811
    r = http.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.text.startswith("<!DOCTYPE html>")
    assert "http://" not in r.text.split("<main>")[0].replace("http://www.w3.org/2000/svg", "")  # no external assets


def test_html_escapes_data(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/search", params={"q": "<script>alert(1)</script>"}, headers={"Accept": "text/html"})
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text


def test_search_and_home(http: httpx.Client, report_iri: str) -> None:  # noqa: F811
    name = report_iri.rsplit("/", 2)[-2]
    r = http.get("/search", params={"q": name[:3]}, headers={"Accept": "application/json"})
    assert any(name in hit["label"] for hit in r.json()["results"])
    home = http.get("/").text
    assert "/sparql?query=" in home and "reports" in home
    for link in [line.split('"')[1] for line in home.split("<a href=")[1:] if "/sparql?query=" in line][:4]:
        assert http.get(link.replace("&amp;", "&")).status_code == 200  # example queries run with one click


def test_void(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint" for t in triples)


def test_dumps(http: httpx.Client, server: Running) -> None:  # noqa: F811
    listing = http.get("/dumps/").json()["dumps"]
    data = (server.store / "dumps" / "gongkai.nq").read_bytes()
    assert listing[0]["sha256"] == hashlib.sha256(data).hexdigest()
    r = http.get("/dumps/gongkai.nq")
    assert r.content == data and r.headers["x-checksum-sha256"] == listing[0]["sha256"]
    etag = r.headers["etag"]
    assert http.get("/dumps/gongkai.nq", headers={"If-None-Match": etag}).status_code == 304
    part = http.get("/dumps/gongkai.nq", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == data[10:20]
    assert http.get("/dumps/nope.nq").status_code == 404
    assert http.get("/dumps/../meta.json").status_code == 404
    assert http.get("/dumps/%2E%2E/current/meta.json").status_code == 404
    assert http.get("/dumps/reports/a.ttl").text == "<a> <b> <c> .\n"  # nested per-report files
    assert listing[0]["sha256"] in http.get("/dumps/SHA256SUMS").text


def test_http_hygiene(http: httpx.Client, report_iri: str, server: Running) -> None:  # noqa: F811
    doc = quote("/doc/" + report_iri[len(BASE) + 3:])
    r = http.get(doc, headers={"Accept": "text/turtle", "Origin": "http://elsewhere.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["etag"] and r.headers["last-modified"]
    assert http.get(doc, headers={"Accept": "text/turtle", "If-None-Match": r.headers["etag"]}).status_code == 304
    assert http.get(doc, headers={"Accept": "text/turtle",
                                  "If-Modified-Since": r.headers["last-modified"]}).status_code == 304
    z = http.get(doc, headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert z.headers.get("content-encoding") == "gzip"
    assert http.get("/health").json()["status"] == "ok"
    spec = http.get("/openapi.json").json()
    assert "/doc/{path}" in spec["paths"] and "/sparql" not in spec["paths"]
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.startswith("{")]
    assert any(line["path"].startswith("/doc/") and line["status"] == 200 for line in lines)


def test_gzip_roundtrip(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 500"}, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers.get("content-encoding") == "gzip"
    assert json.loads(r.content)["results"]["bindings"]

