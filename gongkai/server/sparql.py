"""The SPARQL 1.1 Protocol endpoint (query operation only: the endpoint is read-only).

GET ``?query=``, POST form (``application/x-www-form-urlencoded``) and POST direct
(``application/sparql-query``), with ``default-graph-uri`` / ``named-graph-uri``. Without
either the default graph is the union of all graphs (unless the query says ``FROM``).
Updates, wrong media types, non-UTF-8 bodies, repeated parameters and syntax errors are
4xx with a plain-text reason. A bare GET gives the service description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from . import conneg
from .http import error
from .pool import PoolBusy, QueryTimeout
from .worker import Job

if TYPE_CHECKING:
    from .app import Server

READ_ONLY = ("this endpoint is read-only: SPARQL Update is not accepted "
             "(it serves a published build; rebuild the store to change the data)")
_DATASET = ("default-graph-uri", "named-graph-uri")


class BadRequest(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, f"{what} is not valid UTF-8 (byte {exc.start}); SPARQL requests must be UTF-8") from None


def _charset_ok(content_type: str) -> None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise BadRequest(415, f"charset {value.strip()} is not supported; send the request body as UTF-8")


async def read_request(request: Request) -> tuple[str | None, list[tuple[str, str]]]:
    """The query text (None when absent) and all protocol parameters, checked."""
    params = parse_qsl(request.url.query, keep_blank_values=True)
    query: str | None = None
    if request.method == "POST":
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        body = await request.body()
        if media == "application/x-www-form-urlencoded":
            _charset_ok(content_type)
            params += parse_qsl(_utf8(body, "the form body"), keep_blank_values=True, encoding="utf-8",
                                errors="strict")
        elif media == "application/sparql-query":
            _charset_ok(content_type)
            query = _utf8(body, "the query")
        elif media == "application/sparql-update":
            raise BadRequest(403, READ_ONLY)
        elif not media:
            raise BadRequest(415, "POST needs a Content-Type: application/x-www-form-urlencoded (query=...) or "
                                  "application/sparql-query (the query as the body)")
        else:
            raise BadRequest(415, f"Content-Type {media} is not accepted; use application/x-www-form-urlencoded "
                                  "or application/sparql-query")
    names = [k for k, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise BadRequest(403, READ_ONLY)
    queries = [v for k, v in params if k == "query"]
    if query is not None and queries:
        raise BadRequest(400, "the query is given twice (as the body and as a query= parameter)")
    if len(queries) > 1:
        raise BadRequest(400, f"{len(queries)} query parameters given; send exactly one")
    if queries:
        query = queries[0]
    if query is not None and not query.strip():
        raise BadRequest(400, "the query parameter is empty")
    return query, params


async def endpoint(request: Request) -> Response:
    """``/sparql``: GET or POST a query; a bare GET describes the service."""
    server: Server = request.app.state.server
    if request.method not in ("GET", "HEAD", "POST"):
        return error(405, f"{request.method} is not a SPARQL query method; use GET or POST",
                     {"Allow": "GET, HEAD, POST, OPTIONS"})
    try:
        query, params = await read_request(request)
    except BadRequest as exc:
        return error(exc.status, str(exc), exc.headers)
    if query is None:
        if request.method == "POST":
            return error(400, "no query given: send query=... (form) or the query as an application/sparql-query body")
        return await server.service.describe(request)
    fmt = next((v for k, v in params if k == "format"), None)
    accept = request.headers.get("accept")
    if fmt is None and not conneg.acceptable(accept, conneg.SOLUTIONS, conneg.BOOLEAN, conneg.GRAPH):
        offered = sorted({m for t in (conneg.SOLUTIONS, conneg.GRAPH) for f in t for m in f.media_types})
        return error(406, f"nothing in Accept: {accept} can be produced; offered: {', '.join(offered)}")
    dataset = {k: tuple(v for n, v in params if n == k) for k in _DATASET}
    given = any(dataset.values())
    build = server.view.build
    job = Job(
        store=build.oxigraph, query=query, base_iri=str(request.url.replace(query="")),
        default_graphs=dataset["default-graph-uri"] if given else None,
        named_graphs=dataset["named-graph-uri"] if given else None,
        accept=accept, format=fmt, max_rows=server.settings.max_rows, prefixes=server.prefixes(build),
    )
    limits = server.limit_headers()
    try:
        head, body = await server.pool.run(job)
    except QueryTimeout as exc:
        return error(503, f"{exc}. Narrow the query (more specific patterns, LIMIT) or use the dumps.",
                     {**limits, "X-SPARQL-Limit-Exceeded": "time"})
    except PoolBusy as exc:
        return error(503, f"{exc}; try again shortly", {**limits, "Retry-After": "2"})
    headers = {**limits, **head.headers, "Vary": "Accept"}
    if body is None:
        return error(head.status, head.message, headers)
    if request.method == "HEAD":
        async for _ in body:
            pass
        return Response(status_code=200, media_type=head.content_type, headers=headers)
    return StreamingResponse(body, status_code=head.status, media_type=head.content_type, headers=headers)
