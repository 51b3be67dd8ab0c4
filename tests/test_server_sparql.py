"""SPARQL endpoint behaviour beyond the W3C suite: conneg, limits, bad requests (real HTTP)."""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx
import pyoxigraph as ox
import pytest

from gongkai.server import conneg

from .server_fixtures import Running, http, server  # noqa: F401

SELECT = "SELECT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Document> } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t FILTER(?t = <http://xmlns.com/foaf/0.1/Document>) }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# ---- content negotiation (unit)

@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"), ("*/*", "json"), ("text/csv", "csv"), ("text/*", "xml"),
    ("application/sparql-results+xml;q=0.9, text/tab-separated-values", "tsv"),
    ("application/json;q=0.1, text/csv;q=0.5", "csv"), ("text/turtle", None), ("text/csv;q=0", None),
    ("application/xml", "xml"), ("image/png, */*;q=0.1", "json"),
])
def test_negotiate_solutions(accept: str | None, expected: str | None) -> None:
    found = conneg.negotiate(accept, conneg.SOLUTIONS)
    assert (found.name if found else None) == expected


def test_negotiate_graph() -> None:
    assert conneg.negotiate("application/ld+json", conneg.GRAPH).name == "jsonld"
    assert conneg.negotiate("application/json", conneg.GRAPH).name == "jsonld"
    assert conneg.negotiate("text/plain", conneg.GRAPH).name == "ntriples"
    assert conneg.negotiate("*/*", conneg.GRAPH).name == "turtle"
    assert conneg.by_name(".ttl", conneg.DOCUMENT).name == "turtle"


# ---- result formats over HTTP

@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_select_formats(http: httpx.Client, accept: str, media: str) -> None:  # noqa: F811
    r = http.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    expected = [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)]
    if media == "text/csv":  # lossy: pyoxigraph does not parse it
        assert r.text.split("\r\n") == ["s", *expected, ""]
    else:
        parsed = list(ox.parse_query_results(r.content, format=ox.QueryResultsFormat.from_media_type(media)))
        assert [row["s"].value for row in parsed] == expected
    assert r.headers["x-sparql-rows"] == "3"


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json",
                                   "application/rdf+xml", "application/n-quads", "application/trig"])
def test_construct_formats(http: httpx.Client, media: str) -> None:  # noqa: F811
    r = http.post("/sparql", content=CONSTRUCT.encode(), headers={"Content-Type": "application/sparql-query",
                                                                   "Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(media)))) == 3


def test_q_values_and_406(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/sparql", params={"query": SELECT},
                 headers={"Accept": "application/sparql-results+json;q=0.2, text/csv;q=0.8"})
    assert r.headers["content-type"].startswith("text/csv")
    r = http.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "offered" in r.text
    r = http.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406  # a SELECT cannot be Turtle


def test_format_parameter(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/sparql", params={"query": SELECT, "format": "csv"}, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/csv")


def test_union_default_graph_and_from(http: httpx.Client) -> None:  # noqa: F811
    q = "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> ?p ?o }"
    assert http.get("/sparql", params={"query": q}).json()["boolean"] is True
    q2 = "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> ?p ?o }"
    assert http.get("/sparql", params={"query": q2}).json()["boolean"] is False
    r = http.get("/sparql", params={"query": q, "default-graph-uri": "http://kasei.us/2009/09/sparql/data/data2.rdf"})
    assert r.json()["boolean"] is False


# ---- limits

def test_row_cap_is_not_a_truncated_200(http: httpx.Client) -> None:  # noqa: F811
    r = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert r.status_code == 422
    assert r.headers["x-sparql-limit-exceeded"] == "rows" and r.headers["x-sparql-max-rows"] == "1000"
    assert "LIMIT" in r.text
    r = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1000"})
    assert r.status_code == 200 and r.headers["x-sparql-rows"] == "1000"


def test_timeout_stops_the_query_and_the_next_is_prompt(http: httpx.Client, server: Running) -> None:  # noqa: F811
    t0 = time.monotonic()
    r = http.get("/sparql", params={"query": RUNAWAY})
    took = time.monotonic() - t0
    assert r.status_code == 503 and r.headers["x-sparql-limit-exceeded"] == "time", r.text
    assert 1.4 <= took < 4, took
    t0 = time.monotonic()
    r = http.get("/sparql", params={"query": SELECT})
    assert r.status_code == 200
    assert time.monotonic() - t0 < 1.0
    health = http.get("/health").json()
    assert health["workers_killed"] >= 1


def test_runaway_does_not_block_others(server: Running) -> None:  # noqa: F811
    done: dict[str, float] = {}

    def runaway() -> None:
        httpx.get(server.url + "/sparql", params={"query": RUNAWAY}, timeout=30)
        done["runaway"] = time.monotonic()

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    for _ in range(5):
        r = httpx.get(server.url + "/sparql", params={"query": SELECT}, timeout=30)
        assert r.status_code == 200
    fast = time.monotonic() - t0
    thread.join()
    assert fast < 1.0, fast  # answered by the other worker while the runaway runs


# ---- bad requests (each a 4xx that says why)

@pytest.mark.parametrize(("method", "kwargs", "status", "needle"), [
    ("GET", {"params": {"query": "SELECT * {"}}, 400, "syntax"),
    ("GET", {"params": {"query": "INSERT DATA { <a> <b> <c> }"}}, 400, "read-only"),
    ("GET", {"params": {"update": "CLEAR ALL"}}, 403, "read-only"),
    ("POST", {"content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only"),
    ("POST", {"content": b"query=ASK%7B%7D&update=CLEAR%20ALL",
              "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 403, "read-only"),
    ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "Content-Type"),
    ("POST", {"content": b"\xff\xfeA\x00", "headers": {"Content-Type": "application/sparql-query"}}, 400, "UTF-8"),
    ("POST", {"content": b"", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400, "no query"),
    ("GET", {"params": {"query": ""}}, 400, "empty"),
    ("DELETE", {}, 405, "GET or POST"),
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "exactly one"),
])
def test_bad_requests(http: httpx.Client, method: str, kwargs: dict, status: int, needle: str) -> None:  # noqa: F811
    r = http.request(method, "/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert needle.lower() in r.text.lower()


def test_streamed_large_result(http: httpx.Client) -> None:  # noqa: F811
    with http.stream("GET", "/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1000", "format": "tsv"}) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers  # streamed (chunked), not built as one body
        lines = sum(chunk.count("\n") for chunk in r.iter_text())
    assert lines == 1001


def _health_of_every_worker(url: str, workers: int, tries: int = 400) -> dict[int, dict]:
    """``/health`` from each HTTP worker (fresh connections land on either), by process id."""
    seen: dict[int, dict] = {}
    for _ in range(tries):
        health = httpx.get(url + "/health").json()
        seen[health["pid"]] = health
        if len(seen) == workers:
            break
    assert len(seen) == workers, f"only {len(seen)} of {workers} HTTP workers answered"
    return seen


def test_follows_current_when_a_new_build_is_published(tmp_path) -> None:  # noqa: ANN001
    """A new build published under ``current`` is served without a restart (old one never written to),
    by every HTTP worker."""
    from .server_fixtures import KASEI, PROTOCOL, start_server
    from .synthetic_store import make_store

    data = {i: (PROTOCOL / f"data{i}.nt").read_text("utf-8") for i in (1, 2)}
    make_store(tmp_path, "http://example.org/a/", "", [(f"{KASEI}data1.rdf", data[1])])
    proc, url = start_server(tmp_path, tmp_path / "log", "--timeout", "2", "--http-workers", "2", "--workers", "1")
    try:
        ask = "ASK { <http://kasei.us/2009/09/sparql/data/data%d.rdf> ?p ?o }"
        assert httpx.get(url + "/sparql", params={"query": ask % 1}).json()["boolean"] is True
        before = _health_of_every_worker(url, 2)
        (first,) = {h["build"] for h in before.values()}
        assert all(h["http_workers"] == 2 and h["workers"] == 1 for h in before.values())
        make_store(tmp_path, "http://example.org/b/", "", [(f"{KASEI}data2.rdf", data[2])])
        time.sleep(1.2)
        for _ in range(6):  # fresh connections: both workers answer from the new build
            assert httpx.get(url + "/sparql", params={"query": ask % 2}).json()["boolean"] is True
            assert httpx.get(url + "/sparql", params={"query": ask % 1}).json()["boolean"] is False
        after = _health_of_every_worker(url, 2)
        assert set(after) == set(before)  # the same processes, switched without a restart
        for health in after.values():
            assert health["build"] != first and health["base"] == "http://example.org/b/"
        # a worker that dies is replaced, and the new one serves the current build too
        os.kill(next(iter(after)), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                again = _health_of_every_worker(url, 2, tries=50)
            except (AssertionError, httpx.HTTPError):
                time.sleep(0.2)
                continue
            if set(again) != set(after):
                break
        assert len(set(again) - set(after)) == 1
        assert all(h["base"] == "http://example.org/b/" for h in again.values())
    finally:
        proc.terminate()
        proc.wait(10)


def test_single_http_worker(tmp_path) -> None:  # noqa: ANN001
    """``--http-workers 1`` serves from the command's own process."""
    from .server_fixtures import start_server
    from .synthetic_store import make_store

    make_store(tmp_path, "http://example.org/a/", "<http://example.org/a/x> <http://example.org/a/p> \"1\" .\n")
    proc, url = start_server(tmp_path, tmp_path / "log", "--http-workers", "1", "--workers", "1")
    try:
        health = httpx.get(url + "/health").json()
        assert health["pid"] == proc.pid and health["http_workers"] == 1
    finally:
        proc.terminate()
        proc.wait(10)
