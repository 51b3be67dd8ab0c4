"""Server settings (limits and listening address), set from the command line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    #: seconds a SPARQL query may run before its worker is killed
    timeout: float = 10.0
    #: most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one SPARQL response
    max_rows: int = 10_000
    #: query worker processes (per HTTP worker: each has its own pool)
    workers: int = 2
    #: HTTP worker processes serving the app (uvicorn workers); 1 serves from the calling process
    http_workers: int = 1
    #: triples with the resource as subject shown per page of a resource document
    page_size: int = 500
    #: quads scanned for inverse links (counts above this are shown as "n+")
    inverse_scan: int = 2_000
    #: inverse triples included in RDF documents per predicate
    inverse_sample: int = 20
    #: JSON access log lines on stderr
    access_log: bool = True
    #: seconds between checks of the ``current`` symlink
    recheck: float = 1.0
