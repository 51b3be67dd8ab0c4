"""``gongkai serve``: the web server over a built store."""

from __future__ import annotations

import argparse
import logging


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
    p.add_argument("--workers", type=int, default=2, help="SPARQL worker processes (default 2)")
    p.add_argument("--no-access-log", action="store_true", help="no JSON access log on stderr")
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .settings import Settings

    settings = Settings(host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
                        workers=args.workers, access_log=not args.no_access_log)
    app = create_app(args.store, base=args.base, settings=settings)
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="info")
    return 0
