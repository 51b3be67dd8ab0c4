"""``gongkai serve``: the web server over a built store."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

#: default HTTP workers: one per core, at most 2 (see ``--http-workers``)
MAX_DEFAULT_HTTP_WORKERS = 2


def default_http_workers() -> int:
    """One HTTP worker per core, at most :data:`MAX_DEFAULT_HTTP_WORKERS` (2 on a 2-core machine)."""
    return max(1, min(MAX_DEFAULT_HTTP_WORKERS, os.cpu_count() or 1))


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve a store: SPARQL endpoint, linked-data pages, dumps",
                       description="Serve the build DIR/current points at. Resources are served by path, so a "
                                   "store built for a public base can be tried on localhost.")
    p.add_argument("--store", required=True, metavar="DIR", help="store directory (with current → build)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--base", default=None, metavar="URI",
                   help="base IRI of the data (default: the one the store was built with)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds a SPARQL query may run (default 10)")
    p.add_argument("--max-rows", type=int, default=10_000, help="most rows/triples per SPARQL response")
    p.add_argument("--workers", type=int, default=2,
                   help="SPARQL worker processes per HTTP worker (default 2)")
    p.add_argument("--http-workers", type=int, default=None, metavar="N",
                   help="HTTP worker processes sharing the port, each with its own store view and SPARQL "
                        f"workers (default: one per core, at most {MAX_DEFAULT_HTTP_WORKERS}; now "
                        f"{default_http_workers()}). A Python process serves about one core of requests, so "
                        "two workers use both cores of a 2-core machine and a slow page in one does not "
                        "stall the other's connections; more than the cores only adds memory")
    p.add_argument("--no-access-log", action="store_true", help="no JSON access log on stderr")
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import SERVE_ENV, create_app, serve_env
    from .settings import Settings
    from .store import StoreView
    from .workers import listen, supervise

    http_workers = args.http_workers if args.http_workers is not None else default_http_workers()
    if http_workers < 1:
        raise SystemExit("--http-workers must be at least 1")
    settings = Settings(host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
                        workers=args.workers, http_workers=http_workers, access_log=not args.no_access_log)
    logging.basicConfig(level=logging.INFO)
    if http_workers == 1:
        app = create_app(args.store, base=args.base, settings=settings)
        uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="info")
        return 0
    # a bad store or base fails here, once, rather than in every worker
    StoreView(args.store, args.base, settings.recheck)
    os.environ[SERVE_ENV] = serve_env(Path(args.store).absolute(), args.base, settings)
    sock = listen(args.host, args.port)
    logging.getLogger("gongkai.serve").info("gongkai serve on http://%s:%d", args.host, args.port)
    supervise(sock, http_workers)
    return 0
