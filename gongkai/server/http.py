"""HTTP helpers: plain-text errors, conditional requests, JSON access logs."""

from __future__ import annotations

import email.utils
import json
import sys
import time
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """A plain-text error that says why (every 4xx/5xx the server gives looks like this)."""
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=dict(headers or {}))


def validators(etag: str, last_modified: str | None) -> dict[str, str]:
    out = {"ETag": f'"{etag}"'}
    if last_modified:
        out["Last-Modified"] = last_modified
    return out


def not_modified(request: Request, etag: str, modified: float | None) -> bool:
    """Whether the client's copy is current (``If-None-Match`` wins over ``If-Modified-Since``)."""
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or f'"{etag}"' in tags
    ims = request.headers.get("if-modified-since")
    if ims and modified is not None:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return int(modified) <= since
    return False


def not_modified_response(headers: Mapping[str, str]) -> Response:
    return Response(status_code=304, headers=dict(headers))


class AccessLog:
    """ASGI middleware: one JSON line per request on stderr (method, path, status, bytes, ms)."""

    def __init__(self, app: ASGIApp, stream: Any = None) -> None:
        self.app = app
        self.stream = stream or sys.stderr

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        state = {"status": 0, "bytes": 0}

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
            line = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "method": scope.get("method"),
                "path": scope.get("raw_path", b"").decode("latin-1") or scope.get("path"),
                "query": scope.get("query_string", b"").decode("latin-1")[:500],
                "status": state["status"],
                "bytes": state["bytes"],
                "ms": round((time.perf_counter() - start) * 1000, 2),
                "client": (scope.get("client") or ("", 0))[0],
                "accept": headers.get("accept", "")[:200],
                "ua": headers.get("user-agent", "")[:200],
            }
            print(json.dumps(line, ensure_ascii=False), file=self.stream, flush=True)
