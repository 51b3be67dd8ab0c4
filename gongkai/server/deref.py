"""Dereferencing (Cool URIs): ``/id/…`` → 303 → ``/doc/…``; ``/doc/…`` and ``/def/…`` by format.

Things live under ``id/`` and are never documents, so ``GET /id/x`` answers
``303 See Other`` to ``/doc/x``. Vocabulary terms and code lists under ``def/`` are served
directly with ``200`` (no 303): they are hash-less terms whose description *is* the
document, the common practice for vocabularies, and it keeps one round trip for tools
that fetch terms. Format: a file suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``,
``.html``, ``.csv``) wins over ``?format=``, which wins over ``Accept``. Chinese in paths
works raw and percent-encoded: every segment is normalised with ``uris.segment``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import nt
from ..uris import segment, unsegment
from . import conneg, results
from .http import error, not_modified, not_modified_response, validators
from .resources import Description, describe, exists

if TYPE_CHECKING:
    from .app import Server

FOAF_PRIMARY = nt.FOAF + "primaryTopic"


def canonical(raw: str) -> str:
    """A request path (raw or percent-encoded) as the IRI path gongkai mints."""
    return "/".join(segment(unsegment(part)) for part in raw.split("/"))


def href(path: str) -> str:
    """An ASCII (percent-encoded) form of a path, for Location / Content-Location headers."""
    return quote(path, safe="/%-._~!$&'()*+,;=:@")


def raw_tail(request: Request, prefix: str) -> str:
    """The request path after ``prefix`` (``/doc/``), as sent (undecoded), decoded from UTF-8."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    text = raw.decode("utf-8", errors="replace")
    return text[len(prefix):] if text.startswith(prefix) else text.split(prefix, 1)[-1]


@dataclass(slots=True)
class Document:
    """What a renderer gets: the description plus where it was asked for."""

    server: Server
    request: Request
    desc: Description
    doc_path: str  # /doc/… or /def/… without suffix
    thing: str  # the IRI described


def _rdf(fmt: conneg.Format) -> Callable[[Document], bytes]:
    def render(doc: Document) -> bytes:
        triples = list(doc.desc.triples) + doc.desc.inverse_triples()
        if doc.doc_path.startswith("/doc/"):
            base = doc.server.view.build.uris.base
            triples.append(ox.Triple(ox.NamedNode(base + doc.doc_path[1:]), ox.NamedNode(FOAF_PRIMARY),
                                     ox.NamedNode(doc.thing)))
        return results.write_graph(triples, fmt, doc.server.prefixes(doc.server.view.build))
    return render


def _csv(doc: Document) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["subject", "predicate", "object", "datatype_or_language"])
    for t in doc.desc.triples:
        o = t.object
        extra = (o.language or o.datatype.value) if isinstance(o, ox.Literal) else ""
        w.writerow([t.subject.value, t.predicate.value, getattr(o, "value", str(o)), extra])
    return out.getvalue().encode()


async def _html(doc: Document) -> bytes:
    return await doc.server.pages.render(doc)


#: one renderer per document format (HTML is async: pages may run lookups)
RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "turtle": _rdf(conneg.TURTLE), "jsonld": _rdf(conneg.JSONLD), "ntriples": _rdf(conneg.NTRIPLES),
    "rdfxml": _rdf(conneg.RDFXML), "csv": _csv,
}
SUFFIXES = {f.suffix: f for f in conneg.DOCUMENT}


def _split_suffix(path: str) -> tuple[str, conneg.Format | None]:
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


async def see_other(request: Request) -> Response:
    """``GET /id/…``: 303 to the document about the thing, or 404."""
    server: Server = request.app.state.server
    tail = canonical(raw_tail(request, "/id/"))
    build = server.view.build
    if not tail or not exists(build.store, build.uris.base + "id/" + tail):
        return error(404, f"nothing is known about {build.uris.base}id/{tail}")
    location = href("/doc/" + tail) + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(location, status_code=303, headers={"Vary": "Accept"})


async def document(request: Request) -> Response:
    """``GET /doc/…`` (about ``id/…``) and ``GET /def/…`` (the term itself)."""
    server: Server = request.app.state.server
    area = "def" if request.url.path.startswith("/def/") else "doc"
    build = server.view.build
    tail = canonical(raw_tail(request, f"/{area}/"))
    thing_area = "def" if area == "def" else "id"
    fmt: conneg.Format | None = None
    if not exists(build.store, f"{build.uris.base}{thing_area}/{tail}"):
        stem, fmt = _split_suffix(tail)
        if fmt is None or not exists(build.store, f"{build.uris.base}{thing_area}/{stem}"):
            return error(404, f"nothing is known about {build.uris.base}{thing_area}/{tail}")
        tail = stem
    thing = f"{build.uris.base}{thing_area}/{tail}"
    negotiated = fmt is None
    if fmt is None and "format" in request.query_params:
        fmt = conneg.by_name(request.query_params["format"], conneg.DOCUMENT)
        if fmt is None:
            return error(406, f"unknown format {request.query_params['format']!r}; use one of: "
                         + ", ".join(f.name for f in conneg.DOCUMENT))
        negotiated = False
    if fmt is None:
        fmt = conneg.negotiate(request.headers.get("accept"), conneg.DOCUMENT)
        if fmt is None:
            return error(406, "this document is available as " + ", ".join(f.media_type for f in conneg.DOCUMENT),
                         {"Vary": "Accept"})
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return error(400, "page must be a positive whole number")
    doc_path = f"/{area}/{tail}"
    etag = hashlib.sha256(f"{build.etag}|{doc_path}|{fmt.name}|{page}".encode()).hexdigest()[:20]
    location = href(doc_path)  # suffixes are ASCII: quote the path once
    headers = {**validators(etag, build.last_modified), "Content-Location": location + fmt.suffix}
    if negotiated:
        headers["Vary"] = "Accept"
    headers["Link"] = ", ".join(f'<{location}{f.suffix}>; rel="alternate"; type="{f.media_type}"'
                                for f in conneg.DOCUMENT if f != fmt)
    if not_modified(request, etag, build.modified):
        return not_modified_response(headers)
    s = server.settings
    desc = describe(build.store, thing, page, s.page_size, s.inverse_scan, s.inverse_sample)
    if desc is None:
        return error(404, f"nothing is known about {thing}")
    if page > 1 and not desc.triples:
        return error(404, f"{thing} has no page {page}")
    if desc.has_more:
        headers["Link"] += f', <{location}{fmt.suffix}?page={page + 1}>; rel="next"'
    doc = Document(server, request, desc, doc_path, thing)
    body = await _html(doc) if fmt.name == "html" else RENDERERS[fmt.name](doc)
    return Response(body, media_type=fmt.content_type, headers=headers)
