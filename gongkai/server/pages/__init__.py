"""HTML pages for people: one module per resource type, server-rendered with Jinja2.

Each page module has ``TYPES`` (type IRIs, ``gk:``-relative names allowed), ``TEMPLATE``
and ``context(page)`` adding its own variables to the common ones (label, grouped
triples, inverse links, downloads, pagination). :data:`REGISTRY` picks the first module
whose types the resource has; ``generic`` takes the rest. Templates autoescape all data.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from . import agency, concept, division, generic, home, observation, report, scheme, year
from .common import Page, local_href

if TYPE_CHECKING:
    from ..app import Server
    from ..deref import Document
    from ..store import Build

#: first match wins; ``generic`` matches everything
REGISTRY: tuple[ModuleType, ...] = (report, observation, agency, division, year, scheme, concept, generic)


class Pages:
    """Renders pages for one server."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.env = Environment(loader=PackageLoader("gongkai.server", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        self.env.globals["href"] = self.href
        self._labels: tuple[Build | None, dict[str, str | None]] = (None, {})

    def label_cache(self, build: Build) -> dict[str, str | None]:
        """Labels already looked up in ``build`` (a build's store does not change; a new build starts afresh)."""
        if self._labels[0] is not build:
            self._labels = (build, {})
        return self._labels[1]

    def href(self, iri: str) -> str:
        return local_href(iri, self.server.view.build.uris.base)

    def module_for(self, types: set[str], vocab: str) -> ModuleType:
        for module in REGISTRY:
            wanted = {t if ":" in t else vocab + t for t in module.TYPES}
            if not module.TYPES or wanted & types:
                return module
        return generic

    async def render(self, doc: Document) -> bytes:
        build = self.server.view.build
        module = self.module_for(doc.desc.types(), build.uris.vocab)
        page = Page(self.server, build, doc)
        ctx = page.common()
        ctx.update(module.context(page))
        ctx["page_type"] = module.__name__.rsplit(".", 1)[-1]
        return self.env.get_template(module.TEMPLATE).render(**ctx).encode()

    def _html(self, template: str, **ctx: object) -> Response:
        ctx.setdefault("base", self.server.view.build.uris.base)
        return HTMLResponse(self.env.get_template(template).render(**ctx))

    async def home(self, request: Request) -> Response:
        return self._html("home.html", **home.context(self.server, request))

    async def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        hits = home.search(self.server, q)
        if "application/json" in request.headers.get("accept", "") and "text/html" not in request.headers.get("accept", ""):
            from starlette.responses import JSONResponse
            return JSONResponse({"q": q, "results": [{"label": label, "iri": iri} for label, iri in hits]})
        return self._html("search.html", title=f"搜索：{q}" if q else "搜索", q=q, hits=hits)

    async def sparql_form(self, request: Request) -> Response:
        return self._html("sparql.html", title="SPARQL", examples=home.examples(self.server.view.build),
                          query=request.query_params.get("query", ""), settings=self.server.settings)

    async def dumps(self, request: Request, listing: list[dict[str, object]]) -> Response:
        return self._html("dumps.html", title="数据下载 Dumps", listing=listing)
