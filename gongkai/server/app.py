"""The ASGI application: :func:`create_app` wires the store, the query pool and the routes."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import nt
from . import deref, dumps, sparql
from .http import AccessLog
from .pages import Pages
from .pool import QueryPool
from .service import Service
from .settings import Settings
from .store import Build, StoreView

#: the environment variable carrying ``gongkai serve``'s options to HTTP worker processes
SERVE_ENV = "GONGKAI_SERVE"

_COUNTS = {
    "reports": "SELECT (COUNT(DISTINCT ?x) AS ?n) { GRAPH ?g { ?x a <{gk}AnnualReport> } }",
    "agencies": "SELECT (COUNT(DISTINCT ?x) AS ?n) { GRAPH ?g { ?x a <http://www.w3.org/ns/org#Organization> } }",
    "observations": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?x a <http://purl.org/linked-data/cube#Observation> } }",
    "divisions": "SELECT (COUNT(DISTINCT ?x) AS ?n) { GRAPH ?g { ?x a <{gk}AdministrativeDivision> } }",
    "years": "SELECT (COUNT(DISTINCT ?y) AS ?n) { GRAPH ?g { ?r <{gk}reportingYear> ?y } }",
}


class Server:
    """Everything the routes share (one per app; no module-level state)."""

    def __init__(self, store_dir: str | Path, base: str | None, settings: Settings) -> None:
        self.settings = settings
        self.view = StoreView(store_dir, base, settings.recheck)
        self.pool = QueryPool(settings.workers, settings.timeout)
        self.service = Service(self)
        self.dumps = dumps.Dumps(Path(store_dir) / "dumps")
        self.pages = Pages(self)
        self.started = time.time()
        self.view.listeners.append(self._stats_in_background)
        self._stats_in_background(self.view.build)

    def prefixes(self, build: Build) -> dict[str, str]:
        return {**nt.PREFIXES, "sd": nt.SD, "gk": build.uris.vocab}

    def limit_headers(self) -> dict[str, str]:
        return {"X-SPARQL-Timeout": f"{self.settings.timeout:g}", "X-SPARQL-Max-Rows": str(self.settings.max_rows)}

    def _stats_in_background(self, build: Build) -> None:
        threading.Thread(target=compute_stats, args=(build,), daemon=True, name="gongkai-stats").start()


def compute_stats(build: Build) -> None:
    """Counts, vocabulary graphs and the agency name index, once per build (not per request)."""
    stats: dict[str, Any] = {}
    counts = dict(build.meta.get("counts") or {})
    store = build.store
    gk = build.uris.vocab
    for key, query in _COUNTS.items():
        if key not in counts:
            result = store.query(query.replace("{gk}", gk))
            counts[key] = int(next(iter(result))["n"].value)
    stats["counts"] = counts
    stats["triples"] = counts.get("triples") or sum(1 for _ in store.quads_for_pattern(None, None, None, None))
    prefix = build.uris.base + "graph/"
    stats["vocabulary_graphs"] = sorted(g.value for g in store.named_graphs()
                                        if isinstance(g, ox.NamedNode) and g.value.startswith(prefix))
    agencies: dict[str, str] = {}
    for row in store.query("SELECT DISTINCT ?a ?l { GRAPH ?g { ?a a <http://www.w3.org/ns/org#Organization> ; "
                           "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }"):
        agencies.setdefault(row["a"].value, row["l"].value)
    stats["agencies"] = sorted(((label, iri) for iri, label in agencies.items()))
    stats["ready"] = True
    build.stats.update(stats)


def create_app(store_dir: str | Path, base: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The gongkai web app serving the build ``store_dir/current`` points at."""
    settings = settings or Settings()
    server = Server(store_dir, base, settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await server.pool.start()
        try:
            yield
        finally:
            await server.pool.close()

    app = FastAPI(title="gongkai", version="0.1.0", lifespan=lifespan,
                  description="Linked data from China's government information-disclosure annual reports. "
                              "The SPARQL endpoint (/sparql) follows the SPARQL 1.1 Protocol and is not listed here.")
    app.state.server = server
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
    for path in ("/sparql", "/sparql/"):
        app.add_api_route(path, sparql.endpoint, methods=methods, include_in_schema=False)
    app.add_api_route("/.well-known/void", server.service.void, methods=["GET", "HEAD"], summary="VoID description")
    app.add_api_route("/id/{path:path}", deref.see_other, methods=["GET", "HEAD"],
                      summary="A thing: 303 See Other to its document")
    app.add_api_route("/doc/{path:path}", deref.document, methods=["GET", "HEAD"],
                      summary="The document about a thing (HTML, Turtle, JSON-LD, N-Triples, RDF/XML, CSV)")
    app.add_api_route("/def/{path:path}", deref.document, methods=["GET", "HEAD"],
                      summary="A vocabulary term, code list or concept (served directly, no 303)")
    app.add_api_route("/dumps/", dumps.index, methods=["GET", "HEAD"], summary="Dump files with SHA-256")
    app.add_api_route("/dumps/SHA256SUMS", dumps.sums, methods=["GET", "HEAD"], summary="sha256sum -c input")
    app.add_api_route("/dumps/{name:path}", dumps.file, methods=["GET", "HEAD"], summary="One dump file (Range supported)")
    app.add_api_route("/search", server.pages.search, methods=["GET", "HEAD"], summary="Search agencies by name")
    app.add_api_route("/", server.pages.home, methods=["GET", "HEAD"], summary="Home page")

    async def health(request: Request) -> Response:
        build = server.view.build
        return JSONResponse({"status": "ok", "build": build.path.name, "base": build.uris.base,
                             "stats_ready": bool(build.stats.get("ready")), "pid": os.getpid(),
                             "http_workers": settings.http_workers, "workers": server.pool.size,
                             "workers_killed": server.pool.killed, "uptime_s": round(time.time() - server.started)})

    app.add_api_route("/health", health, methods=["GET", "HEAD"], summary="Liveness and build in service")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["ETag", "Link", "Content-Location", "Last-Modified",
                                                             "X-SPARQL-Timeout", "X-SPARQL-Max-Rows",
                                                             "X-SPARQL-Rows", "X-SPARQL-Limit-Exceeded"])
    if settings.access_log:
        app.add_middleware(AccessLog)
    return app


def serve_env(store_dir: str | Path, base: str | None, settings: Settings) -> str:
    """The value of ``$GONGKAI_SERVE`` from which :func:`app_from_env` rebuilds the app."""
    return json.dumps({"store": str(store_dir), "base": base, "settings": dataclasses.asdict(settings)})


def app_from_env() -> FastAPI:
    """The app factory each uvicorn HTTP worker calls (``gongkai.server.app:app_from_env``).

    Workers are spawned processes, so the options travel in ``$GONGKAI_SERVE`` (see
    :func:`serve_env`); every worker opens its own store view and SPARQL worker pool.
    """
    options = json.loads(os.environ[SERVE_ENV])
    return create_app(options["store"], options["base"], Settings(**options["settings"]))
